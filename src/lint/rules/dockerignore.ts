// MF117: no .dockerignore next to the Dockerfile, or one that lets .git, node_modules, coverage, .env in.
import type { Dockerfile } from '../ast.js';
import { npmInstall, yarnInstall, isPnpmInstall } from '../commands.js';
import { shortName } from '../image-ref.js';
import type { Rule } from '../rule.js';
import { stageCommands } from '../stage-facts.js';

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*');
  return new RegExp(`^${body}$`);
}

/** Whether a top-level entry `name` is excluded; later patterns win, `!` re-includes. */
export function ignores(dockerignore: string, name: string): boolean {
  let ignored = false;
  for (const rawLine of dockerignore.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).trim().replace(/^\.?\//, '').replace(/^(\*\*\/)+/, '').replace(/(\/\*\*)?\/?$/, '');
    if (pattern !== '' && globToRegExp(pattern).test(name)) ignored = !negated;
  }
  return ignored;
}

function isNodeProject(dockerfile: Dockerfile): boolean {
  return dockerfile.stages.some((s) => (s.base.kind === 'image' && shortName(s.base.name) === 'node')
    || stageCommands(s).some(({ words }) => npmInstall(words) || yarnInstall(words) || isPnpmInstall(words)));
}

export const dockerignoreRule: Rule = {
  id: 'MF117',
  severity: 'warning',
  name: 'dockerignore',
  description: 'No .dockerignore next to the Dockerfile, or it lets .git, .env (and for Node: node_modules, coverage) into the build context (no hadolint equivalent).',
  message: 'no .dockerignore next to the Dockerfile',
  hint: 'add a .dockerignore with at least .git, .env, node_modules, coverage',
  check({ dockerfile, dockerignore }) {
    const required = ['.git', '.env', ...(isNodeProject(dockerfile) ? ['node_modules', 'coverage'] : [])];
    if (dockerignore === undefined) return [{ hint: `add a .dockerignore with at least ${required.join(', ')}` }];
    const missing = required.filter((name) => !ignores(dockerignore, name));
    if (missing.length === 0) return [];
    return [{ message: `.dockerignore does not exclude ${missing.join(', ')}`, hint: `add ${missing.join(', ')} to .dockerignore` }];
  },
};
