// MF110: pip keeps its wheel cache in the layer unless --no-cache-dir is given.
import { pipInstall } from '../commands.js';
import type { Rule, RuleHit } from '../rule.js';
import { finalStage, hasCacheMount, runtimeCommands, stageEnv } from '../stage-facts.js';

export const pipNoCache: Rule = {
  id: 'MF110',
  severity: 'warning',
  name: 'pip-no-cache-dir',
  description: 'pip install keeps its cache in the image without --no-cache-dir (hadolint DL3042).',
  hadolint: ['DL3042'],
  message: 'pip install without --no-cache-dir',
  hint: 'pip install --no-cache-dir …, or ENV PIP_NO_CACHE_DIR=1',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    const env = stageEnv(dockerfile, finalStage(dockerfile)).get('PIP_NO_CACHE_DIR');
    if (env !== undefined && !/^(0|false|no|off)?$/i.test(env)) return [];
    for (const { run, words } of runtimeCommands(dockerfile)) {
      if (pipInstall(words) && !words.includes('--no-cache-dir') && !hasCacheMount(run)) hits.push({ instruction: run });
    }
    return hits;
  },
};
