// The component index the planner needs, read from the image's captured files by the ecosystem readers.
import { readComponents } from '../ecosystem/index.js';
import { isRuntimeDead } from '../ecosystem/runtime-dead.js';
import type { EcosystemInput } from '../ecosystem/types.js';
import type { PlanComponents } from '../plan/types.js';

export function componentsOf(input: EcosystemInput): PlanComponents {
  return { index: readComponents(input), isRuntimeDead: (path) => isRuntimeDead(path) };
}
