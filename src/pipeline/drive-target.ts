// Runs an image as a container, drives it and (for the trace) collects the sensor's report. A service
// is driven by probes, a job runs to completion; either way the same workload runs twice: against
// the source image under the sensor, and against the slim image to prove it still works.
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { ExitCode, MinifyError } from '../errors.js';
import { runProbes, type Probe } from '../probes/index.js';
import type { Progress } from '../progress.js';
import type { ContainerOptions } from '../trace/container-options.js';
import { startTarget, type SensorMode, type TargetSession } from '../trace/target.js';
import type { ProbeResult, TraceReport } from '../types.js';

/** What the image does when run: serve until stopped (driven by probes), or run a job to its end. */
export type Workload =
  | { readonly kind: 'service'; readonly probes: readonly Probe[]; readonly readyTimeoutMs: number; readonly probeTimeoutMs: number }
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
}

export interface TraceOptions extends DriveOptions {
  readonly sensorPath: string;
  readonly sensorMode: SensorMode;
}

export interface TraceOutcome {
  readonly report: TraceReport;
  readonly probeResults: ProbeResult[];
}

/** The container for one phase: the sensor only for the trace. */
function startPhase(options: DriveOptions, sensor?: { binaryPath: string; mode: SensorMode }): Promise<TargetSession> {
  return startTarget({
    engine: options.engine,
    image: options.imageId,
    name: options.imageName,
    runId: options.runId,
    disposer: options.disposer,
    ...(options.workload.kind === 'service' ? { readyTimeoutMs: options.workload.readyTimeoutMs } : {}),
    signal: options.signal,
    ...(options.workload.container ? { container: options.workload.container } : {}),
    ...(sensor ? { sensor, role: 'trace' as const } : { role: 'verify' as const }),
  });
}

function probeRunOptions(options: DriveOptions, probeTimeoutMs: number, phase: 'trace' | 'verify') {
  return { timeoutMs: probeTimeoutMs, signal: options.signal, log: probeLog(options.progress, phase) };
}

export async function traceImage(options: TraceOptions): Promise<TraceOutcome> {
  const session = await startPhase(options, { binaryPath: options.sensorPath, mode: options.sensorMode });
  try {
    const probeResults = options.workload.kind === 'job'
      ? [await runJob(session, options.workload.timeoutMs)]
      : await driveService(session, options, options.workload);
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
    return { report, probeResults };
  } finally {
    await session.remove();
  }
}

/** Runs the probes against an image without a sensor; failures are results, not errors. */
export async function verifyImage(options: DriveOptions): Promise<ProbeResult[]> {
  const session = await startPhase(options);
  try {
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
    return await runProbes(workload.probes, probeTarget(session, options), probeRunOptions(options, workload.probeTimeoutMs, 'verify'));
  } finally {
    await session.remove();
  }
}

/** A job's run as a result: ok when it exits 0 in time (a timeout throws notReady). */
async function runJob(session: TargetSession, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const code = await session.waitExit(timeoutMs);
  const durationMs = Date.now() - started;
  if (code === 0) return { name: 'job', ok: true, durationMs };
  return { name: 'job', ok: false, durationMs, error: `exited with code ${code}${await session.lastLogsNote(10)}` };
}

/** The trace of a service: wait for it, run the probes, and make sure they did not bring it down. */
async function driveService(session: TargetSession, options: DriveOptions, workload: Extract<Workload, { kind: 'service' }>): Promise<ProbeResult[]> {
  await session.waitReady();
  const results = await runProbes(workload.probes, probeTarget(session, options), probeRunOptions(options, workload.probeTimeoutMs, 'trace'));
  if (!(await session.isRunning())) {
    throw new MinifyError(`${options.imageName} exited while the probes were running${await session.lastLogsNote(10)}`, {
      code: ExitCode.appExited,
      hint: 'a service must keep running while probed; check the app does not crash on the probes\' requests',
    });
  }
  return results;
}

/** A slim image that exits or never opens its ports failed verification: a result, not a crash. */
function startFailure(error: unknown): ProbeResult {
  if (!(error instanceof MinifyError) || (error.code !== ExitCode.appExited && error.code !== ExitCode.notReady)) throw error;
  return { name: 'start', ok: false, durationMs: 0, error: error.message };
}

function probeTarget(session: TargetSession, options: DriveOptions) {
  return {
    endpoints: session.endpoints,
    engine: options.engine,
    containerId: session.containerId,
    ...(session.wrapExec ? { wrapExec: session.wrapExec } : {}),
  };
}

function probeLog(progress: Progress, phase: 'trace' | 'verify') {
  return (message: string) => progress.info(`${phase}: ${message}`);
}
