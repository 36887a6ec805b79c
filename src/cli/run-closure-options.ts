// `minify run --closure component|traced`: how far the plan reaches beyond the traced files.
import { Option, type Command } from 'commander';
import type { ClosureMode, PlanRules } from '../types.js';

export interface ClosureFlags {
  readonly closure?: ClosureMode;
}

export function addClosureOptions(command: Command): Command {
  return command.addOption(
    new Option('--closure <mode>', 'component: keep every package, module dir and data set the app was seen to use, whole; traced: only the files it used (and their libraries)')
      .choices(['component', 'traced'])
      .default('component'),
  );
}

export function closureRules(flags: ClosureFlags): Pick<PlanRules, 'closure'> {
  return { closure: flags.closure ?? 'component' };
}
