// MF119: apk add without --no-cache leaves the package index in /var/cache/apk.
import type { Rule, RuleHit } from '../rule.js';
import { runCommands } from '../shell.js';
import { hasCacheMount, runtimeInstructions } from '../stage-facts.js';

const isApkAdd = (c: readonly string[]) => c[0] === 'apk' && c.slice(1).find((w) => !w.startsWith('-')) === 'add';

export const apkNoCache: Rule = {
  id: 'MF119',
  severity: 'warning',
  name: 'apk-no-cache',
  description: 'apk add keeps the package index in /var/cache/apk without --no-cache (hadolint DL3019).',
  hadolint: ['DL3019'],
  message: 'apk add without --no-cache',
  hint: 'apk add --no-cache …',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const run of runtimeInstructions(dockerfile)) {
      const commands = runCommands(run);
      const adds = commands.filter(isApkAdd);
      if (adds.length === 0 || hasCacheMount(run)) continue;
      const cleaned = commands.some((c) => c[0] === 'rm' && c.some((w) => w.startsWith('/var/cache/apk')));
      if (!cleaned && adds.some((c) => !c.includes('--no-cache'))) hits.push({ instruction: run });
    }
    return hits;
  },
};
