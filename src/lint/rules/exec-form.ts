// MF115: shell-form CMD/ENTRYPOINT runs under /bin/sh, which does not forward signals to the app.
import type { Rule } from '../rule.js';
import { runtimeInstructions } from '../stage-facts.js';

export const execForm: Rule = {
  id: 'MF115',
  severity: 'warning',
  name: 'shell-form-cmd',
  description: 'Shell-form CMD/ENTRYPOINT needs /bin/sh in the image and does not forward SIGTERM to the app (hadolint DL3025).',
  hadolint: ['DL3025'],
  message: 'shell-form CMD/ENTRYPOINT: signals are not forwarded and a shell must stay in the image',
  hint: 'use the exec form: CMD ["node", "server.js"]',
  check({ dockerfile }) {
    return runtimeInstructions(dockerfile)
      .filter((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && i.json === undefined)
      .map((instruction) => ({ instruction, message: `shell-form ${instruction.keyword}: signals are not forwarded and a shell must stay in the image` }));
  },
};
