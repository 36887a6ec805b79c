// `minify run --max-run-time`: how long a trace or verify container may run before it stops itself
// (its sensor kills the app), so a container whose minify died does not run on for good.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import type { RunOptions } from '../pipeline/run-minify.js';

export interface LifetimeFlags {
  maxRunTime: number;
}

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

/** `90`, `90s`, `5m`, `1.5h` → whole seconds (at least 1); `flag` names the option in the error. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(value.trim());
  const seconds = match ? Math.ceil(Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1)) : 0;
  if (!match || seconds <= 0) throw new UsageError(`${flag}: "${value}" is not a positive duration`, 'use a duration like 30m, 90s or 2h (one number, unit s, m or h)');
  return seconds;
}

export function addLifetimeOptions(command: Command): Command {
  return command.addOption(
    new Option('--max-run-time <duration>', 'a trace or verify container stops itself after this long (its app is killed), even if minify is gone; e.g. 30m, 90s, 2h')
      .argParser((value) => parseDuration(value, '--max-run-time'))
      .default(1800, '30m'),
  );
}

export function lifetimeRunOptions(flags: LifetimeFlags): Pick<RunOptions, 'maxRunTimeSec'> {
  return { maxRunTimeSec: flags.maxRunTime };
}
