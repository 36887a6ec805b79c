// MF104–MF106: apt-get without --no-install-recommends, apt lists left behind, apt-get upgrade.
import { isAptInstall, isAptUpgrade } from '../commands.js';
import type { Rule, RuleHit } from '../rule.js';
import { runCommands } from '../shell.js';
import { runtimeCommands, runtimeInstructions, stageCommands } from '../stage-facts.js';

export const aptRecommends: Rule = {
  id: 'MF104',
  severity: 'warning',
  name: 'apt-no-install-recommends',
  description: 'apt-get install pulls in recommended packages unless told not to (hadolint DL3015).',
  hadolint: ['DL3015'],
  message: 'apt-get install without --no-install-recommends',
  hint: 'apt-get install -y --no-install-recommends …',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const { run, words } of runtimeCommands(dockerfile)) {
      const ok = words.includes('--no-install-recommends') || words.some((w) => /Install-Recommends=(false|0)/i.test(w));
      if (isAptInstall(words) && !ok) hits.push({ instruction: run });
    }
    return hits;
  },
};

export const aptLists: Rule = {
  id: 'MF105',
  severity: 'warning',
  name: 'apt-lists-not-removed',
  description: 'The apt package lists stay in the layer unless removed in the same RUN (hadolint DL3009).',
  hadolint: ['DL3009'],
  message: 'apt-get install without removing /var/lib/apt/lists in the same RUN',
  hint: 'end the RUN with && rm -rf /var/lib/apt/lists/*',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const run of runtimeInstructions(dockerfile)) {
      const commands = runCommands(run);
      if (!commands.some(isAptInstall)) continue;
      const cleaned = commands.some((c) => c[0] === 'rm' && c.some((w) => w.startsWith('/var/lib/apt/lists')));
      const cached = run.flags.some((f) => f.name === 'mount' && (f.value ?? '').includes('/var/lib/apt'));
      if (!cleaned && !cached) hits.push({ instruction: run });
    }
    return hits;
  },
};

export const aptUpgrade: Rule = {
  id: 'MF106',
  severity: 'warning',
  name: 'apt-upgrade',
  description: 'apt-get upgrade/dist-upgrade duplicates the base image files in a new layer; use a newer base instead (hadolint DL3005).',
  hadolint: ['DL3005'],
  message: 'apt-get upgrade in a Dockerfile',
  hint: 'rebuild on a newer (or pinned) base image instead of upgrading in place',
  check({ dockerfile }) {
    return dockerfile.stages.flatMap((stage) =>
      stageCommands(stage).filter(({ words }) => isAptUpgrade(words)).map(({ run }) => ({ instruction: run })));
  },
};
