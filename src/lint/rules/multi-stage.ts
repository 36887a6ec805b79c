// MF101: a single stage that installs build tools or dev dependencies should be a multi-stage build.
import type { Instruction } from '../ast.js';
import { buildTools, installedPackages, npmInstall, pipDevRequirements, pipInstall, pnpmInstall, yarnInstall } from '../commands.js';
import type { Rule } from '../rule.js';
import { stageCommands, stageEnv } from '../stage-facts.js';

export const multiStage: Rule = {
  id: 'MF101',
  severity: 'warning',
  name: 'single-stage-build-tools',
  description: 'A single-stage image installs build tools or dev dependencies that ship to production (no hadolint equivalent).',
  message: 'single-stage build installs build tools or dev dependencies',
  hint: 'build in a `FROM … AS build` stage and COPY --from=build only the output into a slim runtime stage',
  check({ dockerfile }) {
    const stage = dockerfile.stages[0];
    if (dockerfile.stages.length !== 1 || !stage) return [];
    const production = stageEnv(dockerfile, stage).get('NODE_ENV') === 'production';
    const found: string[] = [];
    let first: Instruction | undefined;
    for (const { run, words } of stageCommands(stage)) {
      const tools = buildTools(installedPackages(words));
      const npm = npmInstall(words);
      const yarn = yarnInstall(words) ?? pnpmInstall(words);
      const pip = pipInstall(words);
      const what = [
        ...tools,
        ...(npm && npm.packages.length === 0 && !npm.omitsDev && !production ? [`npm ${npm.ci ? 'ci' : 'install'} (dev dependencies)`] : []),
        ...(yarn && !yarn.omitsDev && !production ? [`${words[0]} install (dev dependencies)`] : []),
        ...(pip && pipDevRequirements(pip) ? ['pip dev requirements'] : []),
      ];
      if (what.length > 0) first ??= run;
      found.push(...what);
    }
    if (!first) return [];
    return [{ instruction: first, message: `single-stage build installs ${[...new Set(found)].join(', ')}` }];
  },
};
