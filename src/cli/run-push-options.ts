// `minify run --push`: the flag and its mapping to RunOptions.
import type { Command } from 'commander';
import type { RunOptions } from '../pipeline/run-minify.js';

export interface PushFlags {
  push?: boolean;
}

export function addPushOptions(command: Command): Command {
  return command.option(
    '--push',
    'push the slim tag (and the debug tag with --debug) to its registry when the run succeeds; never an image that failed verification or a gate (exit 16 when the push fails)',
  );
}

export function pushRunOptions(flags: PushFlags): Pick<RunOptions, 'push'> {
  return flags.push === true ? { push: true } : {};
}
