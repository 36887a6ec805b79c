// `minify run` flags of the verify loop: held-out verify probes, the still-alive grace period,
// repair rounds, the sensor during verification, and --include-from.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { RunOptions } from '../pipeline/run-minify.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export interface VerifyFlags {
  verifyProbe: string[];
  verifyProbeExec: string[];
  gracePeriod: number;
  repairRounds: number;
  repair: boolean;
  verifySensor: boolean;
  includeFrom: string[];
}

function parseCount(flag: string) {
  return (value: string): number => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 0) throw new UsageError(`${flag} takes a whole number (0 or more), got "${value}"`, `e.g. ${flag} 2`);
    return count;
  };
}

function parseGrace(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--grace-period takes seconds (0 or more), got "${value}"`, 'e.g. --grace-period 5, or 0 for none');
  return seconds;
}

export function addVerifyOptions(command: Command): Command {
  return command
    .option('--verify-probe <file>', 'probe run only against the slim image, after the trace probes (held out from the trace); repeatable', collect, [])
    .option('--verify-probe-exec <cmd>', 'command run inside the slim container as a verify-only probe; repeatable', collect, [])
    .option('--grace-period <seconds>', 'the app must keep running this long after the last probe, on the source and the slim image', parseGrace, 3)
    .option('--repair-rounds <n>', 'when verification fails, add what the slim image missed and rebuild, at most N times', parseCount('--repair-rounds'), 2)
    .option('--no-repair', 'only report what the slim image missed; never rebuild it')
    .option('--no-verify-sensor', 'verify the slim image without the sensor (faster; finds no misses, so nothing to repair)')
    .option('--include-from <report>', 'also keep every path an earlier run\'s --report kept; repeatable', collect, []);
}

export function verifyRunOptions(flags: VerifyFlags): Pick<RunOptions, 'verifyProbeFiles' | 'verifyProbeExecs' | 'graceMs' | 'repairRounds' | 'verifySensor' | 'includeFrom'> {
  return {
    verifyProbeFiles: flags.verifyProbe,
    verifyProbeExecs: flags.verifyProbeExec,
    graceMs: flags.gracePeriod * 1000,
    repairRounds: flags.repair ? flags.repairRounds : 0,
    verifySensor: flags.verifySensor,
    includeFrom: flags.includeFrom,
  };
}
