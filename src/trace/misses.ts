// Misses: what the slim image looked for in vain (ENOENT, ENOTDIR) that the source image has, each
// with the probe and phase that hit it. Pure: the sensor reports come in as cumulative snapshots.
import { isNeverKept, isRuntimePseudo } from '../plan/allowlist.js';
import { resolvePath } from '../plan/symlinks.js';
import type { Manifest, Miss, TraceOp, TraceReport, VerifyPhase } from '../types.js';

/** Everything the sensor had seen by the end of a phase (a SIGUSR1 snapshot or the final report). */
export interface TraceCheckpoint {
  readonly phase: VerifyPhase;
  readonly probe?: string;
  readonly report: TraceReport;
}

const ENOENT = 2;
const ENOTDIR = 20;
/** Ops that look a path up; a failed unlink or mkdir is the app managing its own files, not a lookup. */
const LOOKUP_OPS: ReadonlySet<TraceOp> = new Set<TraceOp>(['open', 'exec', 'stat', 'access', 'readlink', 'chdir']);

export interface FindMissesInput {
  /** In the order they were taken: an event belongs to the first checkpoint that holds it. */
  readonly checkpoints: readonly TraceCheckpoint[];
  readonly source: Manifest;
  readonly round: number;
}

export function findMisses(input: FindMissesInput): Miss[] {
  const seen = new Set<string>();
  const misses: Miss[] = [];
  const missed = new Set<string>();
  for (const checkpoint of input.checkpoints) {
    for (const event of checkpoint.report.events) {
      const key = `${event.path}\0${event.op}\0${event.result}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (event.result !== ENOENT && event.result !== ENOTDIR) continue;
      if (!LOOKUP_OPS.has(event.op) || isNeverKept(event.path) || isRuntimePseudo(event.path)) continue;
      if (missed.has(event.path) || !resolvePath(input.source, event.path).exists) continue;
      missed.add(event.path);
      misses.push({
        path: event.path,
        op: event.op,
        errno: event.result,
        ...(checkpoint.probe === undefined ? {} : { probe: checkpoint.probe }),
        phase: checkpoint.phase,
        round: input.round,
      });
    }
  }
  return misses;
}
