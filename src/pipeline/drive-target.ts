// Runs an image as a container and drives it: a service by probes, a job to completion. The trace
// runs the source under the sensor and collects its report; verify-target.ts does the slim image.
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { ExitCode, MinifyError } from '../errors.js';
import type { Probe } from '../probes/index.js';
import type { HttpExchange } from '../probes/types.js';
import type { Progress } from '../progress.js';
import type { ContainerOptions } from '../trace/container-options.js';
import { startTarget, type SensorMode, type TargetSession } from '../trace/target.js';
import type { ProbeResult, TraceReport } from '../types.js';
import { runProbeList, stillAliveProblem } from './probe-session.js';

/** What the image does when run: serve until stopped (driven by probes), or run a job to its end. */
export type Workload =
  | {
      readonly kind: 'service';
      readonly probes: readonly Probe[];
      /** Held out from the trace: run only against the slim image, after `probes`. */
      readonly verifyProbes: readonly Probe[];
      readonly readyTimeoutMs: number;
      readonly probeTimeoutMs: number;
      /** How long the app must keep running after the last probe. */
      readonly graceMs: number;
    }
  | { readonly kind: 'job'; readonly timeoutMs: number };
/** How the app's container runs in both phases (docker-run options), next to what drives it. */
export type RunWorkload = Workload & { readonly container?: ContainerOptions };

export interface DriveOptions {
  readonly engine: Engine;
  readonly imageId: string;
  readonly imageName: string;
  readonly runId: string;
  readonly disposer: Disposer;
  readonly signal: AbortSignal;
  readonly progress: Progress;
  readonly workload: RunWorkload;
  /** The container stops itself after maxRunTimeSec (the sensor binary's deadline, also without tracing). */
  readonly lifetime?: { readonly binaryPath: string; readonly maxRunTimeSec: number };
}

export interface TraceOptions extends DriveOptions {
  readonly sensorPath: string;
  readonly sensorMode: SensorMode;
}

export interface TraceOutcome {
  readonly report: TraceReport;
  readonly probeResults: ProbeResult[];
  /** Probe name → the HTTP exchanges it made with the source: what the slim image must answer alike. */
  readonly exchanges: ReadonlyMap<string, readonly HttpExchange[]>;
}

/** The container for one phase, under the sensor when one is given. */
export function startPhase(options: DriveOptions, role: 'trace' | 'verify', sensor?: { binaryPath: string; mode: SensorMode }): Promise<TargetSession> {
  return startTarget({
    engine: options.engine,
    image: options.imageId,
    name: options.imageName,
    runId: options.runId,
    disposer: options.disposer,
    ...(options.workload.kind === 'service' ? { readyTimeoutMs: options.workload.readyTimeoutMs } : {}),
    signal: options.signal,
    ...(options.workload.container ? { container: options.workload.container } : {}),
    ...(sensor ? { sensor } : {}),
    ...(options.lifetime ? { lifetime: options.lifetime } : {}),
    role,
  });
}

export async function traceImage(options: TraceOptions): Promise<TraceOutcome> {
  const session = await startPhase(options, 'trace', { binaryPath: options.sensorPath, mode: options.sensorMode });
  const exchanges = new Map<string, HttpExchange[]>();
  try {
    const probeResults = options.workload.kind === 'job'
      ? [await runJob(session, options.workload.timeoutMs)]
      : await driveService(session, options, options.workload, exchanges);
    const failed = probeResults.find((result) => !result.ok);
    if (failed && options.workload.kind === 'job') {
      throw new MinifyError(`the job in ${options.imageName} ${failed.error ?? 'failed'}`, {
        code: ExitCode.appExited,
        hint: 'a job must succeed on the source image before its trace can be trusted',
      });
    }
    if (failed?.error?.startsWith('timed out')) {
      throw new MinifyError(`probe ${failed.name} ${failed.error} against the source image ${options.imageName}`, {
        code: ExitCode.probeFailed,
        hint: 'make the probe finish sooner, or give it more time with --probe-timeout SECONDS',
      });
    }
    if (failed) {
      throw new MinifyError(`probe ${failed.name} failed against the source image ${options.imageName}: ${failed.error ?? 'failed'}`, {
        code: ExitCode.probeFailed,
        hint: 'a probe must pass against the original image before its trace can be trusted; fix the probe or the app',
      });
    }
    const report = await session.stopAndCollect();
    if (!report) throw new Error('a traced session returned no report');
    return { report, probeResults, exchanges };
  } finally {
    await session.remove();
  }
}

/** A job's run as a result: ok when it exits 0 in time (a timeout throws notReady). */
export async function runJob(session: TargetSession, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const code = await session.waitExit(timeoutMs);
  const durationMs = Date.now() - started;
  if (code === 0) return { name: 'job', ok: true, durationMs };
  return { name: 'job', ok: false, durationMs, error: `exited with code ${code}${await session.lastLogsNote(10)}` };
}

/** The trace of a service: wait for it, run the probes, and make sure it outlives them by the grace period. */
async function driveService(
  session: TargetSession,
  options: DriveOptions,
  workload: Extract<Workload, { kind: 'service' }>,
  exchanges: Map<string, HttpExchange[]>,
): Promise<ProbeResult[]> {
  await session.waitReady();
  const results = await runProbeList(session, workload.probes, {
    engine: options.engine, signal: options.signal, progress: options.progress, probeTimeoutMs: workload.probeTimeoutMs, phase: 'trace', exchanges,
  });
  const exited = !(await session.isRunning());
  const died = exited ? `exited while the probes were running${await session.lastLogsNote(10)}` : await stillAliveProblem(session, workload.graceMs, options.signal);
  if (died) {
    throw new MinifyError(`${options.imageName} ${died}`, {
      code: ExitCode.appExited,
      hint: 'a service must keep running while probed and after; check the app does not crash on the probes\' requests',
    });
  }
  return results;
}

/** A slim image that exits or never opens its ports failed verification: a result, not a crash. */
export function startFailure(error: unknown): ProbeResult {
  if (!(error instanceof MinifyError) || (error.code !== ExitCode.appExited && error.code !== ExitCode.notReady)) throw error;
  return { name: 'start', ok: false, durationMs: 0, error: error.message };
}
