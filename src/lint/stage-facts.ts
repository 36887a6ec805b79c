// Facts about stages the rules share: final stage, RUN commands, inherited ENV and USER.
import type { Dockerfile, Instruction, Stage } from './ast.js';
import { parseKeyValues } from './parse-args.js';
import { runCommands } from './shell.js';

export function finalStage(dockerfile: Dockerfile): Stage {
  const last = dockerfile.stages.at(-1);
  if (!last) throw new Error('a parsed Dockerfile has at least one stage');
  return last;
}

/** The stage chain from the root ancestor to `stage` (FROM earlier-stage inherits its settings). */
export function lineage(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  while (current.base.kind === 'stage') {
    const parent = dockerfile.stages[current.base.index];
    if (!parent || chain.includes(parent)) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

/** ENV values in effect at the end of the stage, inherited through stage chains. */
export function stageEnv(dockerfile: Dockerfile, stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of lineage(dockerfile, stage)) {
    for (const i of s.instructions) {
      if (i.keyword === 'ENV') for (const { key, value } of parseKeyValues(i.args, dockerfile.escape)) env.set(key, value);
    }
  }
  return env;
}

export interface Command {
  readonly run: Instruction;
  readonly words: readonly string[];
}

export function stageCommands(stage: Stage): Command[] {
  return stage.instructions.flatMap((run) => runCommands(run).map((words) => ({ run, words })));
}

/** Instructions of the final stage and of the stages it is built FROM: what the shipped image holds. */
export function runtimeInstructions(dockerfile: Dockerfile): Instruction[] {
  return lineage(dockerfile, finalStage(dockerfile)).flatMap((stage) => stage.instructions);
}

/** RUN commands (one per `&&`/`;` part) that build the shipped image. */
export function runtimeCommands(dockerfile: Dockerfile): Command[] {
  return lineage(dockerfile, finalStage(dockerfile)).flatMap(stageCommands);
}

export function hasCacheMount(run: Instruction): boolean {
  return run.flags.some((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? ''));
}
