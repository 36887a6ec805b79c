// Running probes against one phase's container: their HTTP exchanges recorded per probe, ctx.restart()
// wired to the container, and the still-alive check after the last probe.
import type { Engine } from '../engine/connect.js';
import { runProbes, type Probe, type ProbeTarget } from '../probes/index.js';
import type { HttpExchange } from '../probes/types.js';
import type { Progress } from '../progress.js';
import type { TargetSession } from '../trace/target.js';
import type { ProbeResult } from '../types.js';

export interface ProbeSessionOptions {
  readonly engine: Engine;
  readonly signal: AbortSignal;
  readonly progress: Progress;
  readonly probeTimeoutMs: number;
  /** Shown in log lines: `trace` or `verify`. */
  readonly phase: 'trace' | 'verify';
  /** Probe name → its exchanges, filled as the probes run. */
  readonly exchanges: Map<string, HttpExchange[]>;
  /** Runs after each probe (a sensor snapshot, to tell which probe hit what). */
  readonly afterEach?: (probe: Probe) => Promise<void>;
}

export async function runProbeList(session: TargetSession, probes: readonly Probe[], options: ProbeSessionOptions): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    const log = options.exchanges.get(probe.name) ?? [];
    options.exchanges.set(probe.name, log);
    const target: ProbeTarget = {
      endpoints: session.endpoints,
      engine: options.engine,
      containerId: session.containerId,
      ...(session.wrapExec ? { wrapExec: session.wrapExec } : {}),
      restart: async () => {
        await session.restart();
        await session.waitReady();
      },
      recordExchange: (exchange) => log.push(exchange),
    };
    const ran = await runProbes([probe], target, {
      timeoutMs: options.probeTimeoutMs,
      signal: options.signal,
      log: (message) => options.progress.info(`${options.phase}: ${message}`),
    });
    for (const result of ran) options.progress.info(probeLine(options.phase, result));
    results.push(...ran);
    await options.afterEach?.(probe);
  }
  return results;
}

/**
 * After the last probe the app must keep running for `graceMs`: a service that dies right after its
 * requests would otherwise pass. Returns why it did not, with its last log lines, or undefined.
 */
export async function stillAliveProblem(session: TargetSession, graceMs: number, signal: AbortSignal): Promise<string | undefined> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    // Checked once more after the deadline: an app that dies right at its end has not outlived it.
    const past = Date.now() >= deadline;
    if (!(await session.isRunning())) {
      return `exited within the ${graceMs / 1000}s grace period after the last probe${await session.lastLogsNote(10)}`;
    }
    if (past) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now()))));
  }
}

/** One progress line per probe that ran: `trace: probe crawl :80 ok (1.2s)`. */
export function probeLine(phase: string, result: ProbeResult): string {
  const took = `(${(result.durationMs / 1000).toFixed(1)}s)`;
  if (result.ok) return `${phase}: probe ${result.name} ok ${took}`;
  return `${phase}: probe ${result.name} FAILED ${took}: ${(result.error ?? 'failed').split('\n')[0]}`;
}
