// MF107–MF109: npm install instead of npm ci, dev dependencies in the runtime stage, npm cache kept.
import { npmInstall, pnpmInstall, yarnInstall } from '../commands.js';
import type { Rule, RuleHit } from '../rule.js';
import { runCommands } from '../shell.js';
import { finalStage, hasCacheMount, lineage, runtimeCommands, runtimeInstructions, stageEnv } from '../stage-facts.js';
import { contextSources } from './copy-order.js';

const LOCKFILE_SOURCE = /(^\.\/?$|package-lock\.json|npm-shrinkwrap\.json|package\*\.json|package\*)/;

export const npmCi: Rule = {
  id: 'MF107',
  severity: 'warning',
  name: 'npm-install-not-ci',
  description: 'npm install may rewrite the lockfile and resolve other versions; npm ci installs exactly the lockfile (no hadolint equivalent).',
  message: 'npm install used where a lockfile is copied in',
  hint: 'use npm ci; add --omit=dev in the runtime stage',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      const chain = lineage(dockerfile, stage);
      let lockfile = chain.slice(0, -1).some((s) => s.instructions.some((i) => contextSources(i, dockerfile.escape).some((w) => LOCKFILE_SOURCE.test(w))));
      for (const instruction of stage.instructions) {
        if (contextSources(instruction, dockerfile.escape).some((w) => LOCKFILE_SOURCE.test(w))) lockfile = true;
        const bad = runCommands(instruction).some((c) => {
          const npm = npmInstall(c);
          return npm !== undefined && !npm.ci && npm.packages.length === 0;
        });
        if (bad && lockfile) hits.push({ instruction });
      }
    }
    return hits;
  },
};

export const devDependencies: Rule = {
  id: 'MF108',
  severity: 'warning',
  name: 'dev-dependencies-in-runtime',
  description: 'The final stage installs devDependencies (npm/yarn/pnpm without --omit=dev/--production/--prod, NODE_ENV not production) (no hadolint equivalent).',
  message: 'dev dependencies installed in the runtime stage',
  hint: 'npm ci --omit=dev or yarn install --production in the final stage',
  check({ dockerfile }) {
    if (stageEnv(dockerfile, finalStage(dockerfile)).get('NODE_ENV') === 'production') return [];
    const hits: RuleHit[] = [];
    for (const { run, words } of runtimeCommands(dockerfile)) {
      const npm = npmInstall(words);
      const other = yarnInstall(words) ?? pnpmInstall(words);
      if ((npm && npm.packages.length === 0 && !npm.omitsDev) || (other && !other.omitsDev)) hits.push({ instruction: run });
    }
    return hits;
  },
};

export const npmCacheClean: Rule = {
  id: 'MF109',
  severity: 'info',
  name: 'npm-cache-not-cleaned',
  description: 'npm keeps its download cache (~/.npm) in the layer unless cleaned in the same RUN (no hadolint equivalent; cf. DL3060 for yarn).',
  message: 'npm install without npm cache clean --force in the same RUN',
  hint: 'append && npm cache clean --force, or use RUN --mount=type=cache,target=/root/.npm',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const run of runtimeInstructions(dockerfile)) {
      const commands = runCommands(run);
      if (!commands.some((c) => npmInstall(c) !== undefined) || hasCacheMount(run)) continue;
      const cleaned = commands.some((c) => (c[0] === 'npm' && c.includes('cache') && c.includes('clean'))
        || (c[0] === 'rm' && c.some((w) => /(^|\/)\.npm\/?$|\/root\/\.npm/.test(w))));
      if (!cleaned) hits.push({ instruction: run });
    }
    return hits;
  },
};
