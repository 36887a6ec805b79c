// Verifies one slim image: runs it (under the ptrace sensor, which needs no SYS_ADMIN) with the trace
// probes and then the held-out verify probes, checks it outlives them, and takes a sensor snapshot
// after each phase so every failed lookup can be pinned on the probe that caused it.
import type { HttpExchange } from '../probes/types.js';
import type { Probe } from '../probes/index.js';
import type { TraceCheckpoint } from '../trace/misses.js';
import type { TargetSession } from '../trace/target.js';
import type { ProbeResult, VerifyPhase } from '../types.js';
import { runJob, startFailure, startPhase, type DriveOptions } from './drive-target.js';
import { runProbeList, stillAliveProblem } from './probe-session.js';

export interface VerifyOptions extends DriveOptions {
  /** The sensor binary; without it the slim image runs bare (no misses can be found). */
  readonly sensorPath?: string;
}

export interface VerifyOutcome {
  readonly results: ProbeResult[];
  /** Cumulative sensor reports, one per phase, in order (empty without a sensor). */
  readonly checkpoints: TraceCheckpoint[];
  readonly exchanges: ReadonlyMap<string, readonly HttpExchange[]>;
}

/** Runs the probes against the slim image; failures are results, not errors. */
export async function verifyImage(options: VerifyOptions): Promise<VerifyOutcome> {
  const sensor = options.sensorPath === undefined ? undefined : { binaryPath: options.sensorPath, mode: 'ptrace' as const };
  const session = await startPhase(options, 'verify', sensor);
  const checkpoints: TraceCheckpoint[] = [];
  const exchanges = new Map<string, HttpExchange[]>();
  const checkpoint = async (phase: VerifyPhase, probe?: string) => {
    if (!sensor) return;
    const report = await session.snapshotReport().catch(() => undefined);
    if (report) checkpoints.push({ phase, ...(probe === undefined ? {} : { probe }), report });
  };
  try {
    const results = await drive(session, options, { checkpoint, exchanges });
    if (sensor) {
      const report = await session.stopAndCollect().catch(() => undefined);
      const last = checkpoints.at(-1);
      // What came after the last snapshot happened while the app idled (or died) after the probes.
      if (report) checkpoints.push({ phase: last ? 'grace' : 'start', report });
    }
    return { results, checkpoints, exchanges };
  } finally {
    await session.remove();
  }
}

interface DriveHooks {
  readonly checkpoint: (phase: VerifyPhase, probe?: string) => Promise<void>;
  readonly exchanges: Map<string, HttpExchange[]>;
}

async function drive(session: TargetSession, options: VerifyOptions, hooks: DriveHooks): Promise<ProbeResult[]> {
  const workload = options.workload;
  if (workload.kind === 'job') {
    try {
      return [await runJob(session, workload.timeoutMs)];
    } catch (error) {
      return [startFailure(error)];
    }
  }
  try {
    await session.waitReady();
  } catch (error) {
    return [startFailure(error)];
  }
  await hooks.checkpoint('start');
  const run = (probes: readonly Probe[], phase: VerifyPhase) => runProbeList(session, probes, {
    engine: options.engine, signal: options.signal, progress: options.progress, probeTimeoutMs: workload.probeTimeoutMs,
    phase: 'verify', exchanges: hooks.exchanges, afterEach: (probe) => hooks.checkpoint(phase, probe.name),
  });
  const results = [...(await run(workload.probes, 'trace-probe')), ...(await run(workload.verifyProbes, 'verify-probe'))];
  const died = await stillAliveProblem(session, workload.graceMs, options.signal);
  if (died) results.push({ name: 'still alive', ok: false, durationMs: workload.graceMs, error: died });
  return results;
}
