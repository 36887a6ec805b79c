// `minify run` flags for result tags another run holds (--wait-lock) or minify did not make (--force).
import type { Command } from 'commander';
import type { TargetSettings } from '../pipeline/hold-targets.js';

export interface TargetFlags {
  waitLock?: boolean;
  force?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--wait-lock', 'when another run is building the same result tag, wait for it instead of failing (exit 2)')
    .option('--force', 'move --tag even when it names an image minify did not make');
}

export function targetSettingsFrom(flags: TargetFlags): TargetSettings {
  return { force: flags.force === true, waitLock: flags.waitLock === true };
}
