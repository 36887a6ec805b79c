// MF114: the final stage runs as root (last USER root, or none).
import type { Rule } from '../rule.js';
import { finalStage, lineage } from '../stage-facts.js';

const ROOT = /^(root|0)(:(root|0))?$/;

export const nonRootUser: Rule = {
  id: 'MF114',
  severity: 'warning',
  name: 'runs-as-root',
  description: 'The final stage has no USER or its last USER is root (hadolint DL3002).',
  hadolint: ['DL3002'],
  message: 'the image runs as root',
  hint: 'add USER <non-root user> before CMD (e.g. USER 65532, or USER node on node images)',
  check({ dockerfile }) {
    const final = finalStage(dockerfile);
    const chain = lineage(dockerfile, final);
    const root = chain[0];
    if (root?.base.kind === 'image' && /nonroot/.test(root.base.tag ?? '')) return [];
    const lastUser = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'USER').at(-1);
    if (!lastUser) return [{ instruction: final.from, message: 'no USER in the final stage: the image runs as root' }];
    return ROOT.test(lastUser.args.trim()) ? [{ instruction: lastUser, message: 'last USER is root' }] : [];
  },
};
