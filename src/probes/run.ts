// Runs probes in order, each bounded by a timeout; a throw becomes a failed ProbeResult.
import type { ProbeResult } from '../types.js';
import { createProbeContext, type ProbeTarget } from './context.js';
import type { Probe } from './types.js';

export interface RunProbesOptions {
  /** Per-probe time limit (default 60 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
}

export async function runProbes(probes: readonly Probe[], target: ProbeTarget, options: RunProbesOptions = {}): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  const timeoutMs = options.timeoutMs ?? 60_000;
  for (const probe of await expandAll(probes, target, options, timeoutMs)) {
    if (options.signal?.aborted) throw options.signal.reason;
    const started = Date.now();
    const timeout = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const log = options.log ?? ((message: string) => process.stderr.write(`probe ${probe.name}: ${message}\n`));
    const steps: Array<{ step: string; outcome: string }> = [];
    const ctx = createProbeContext(target, { signal, deadline: started + timeoutMs, log, record: (step, outcome) => steps.push({ step, outcome }) });
    const withSteps = () => (steps.length > 0 ? { steps: [...steps] } : {});
    let timer: NodeJS.Timeout | undefined;
    const running = Promise.resolve().then(() => probe.run(ctx));
    try {
      await Promise.race([
        running,
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            const error = new Error(`timed out after ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000}s` : `${timeoutMs}ms`}`);
            timeout.abort(error);
            reject(error);
          }, timeoutMs);
        }),
      ]);
      results.push({ name: probe.name, ok: true, durationMs: Date.now() - started, ...withSteps() });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      results.push({ name: probe.name, ok: false, durationMs: Date.now() - started, error: error instanceof Error ? error.message : String(error), ...withSteps() });
    } finally {
      clearTimeout(timer);
      timeout.abort();
      // An aborted probe gets a moment to stop what it started (an isolated one: its process) before the next.
      await settled(running, 2000);
    }
  }
  return results;
}

function settled(work: Promise<unknown>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => {}, () => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]).finally(() => clearTimeout(timer));
}

/** Probes minify picks (the default ones) become the probes for what the target turned out to serve. */
async function expandAll(probes: readonly Probe[], target: ProbeTarget, options: RunProbesOptions, timeoutMs: number): Promise<Probe[]> {
  const concrete: Probe[] = [];
  for (const probe of probes) {
    if (!probe.expand) {
      concrete.push(probe);
      continue;
    }
    const log = options.log ?? ((message: string) => process.stderr.write(`probe ${probe.name}: ${message}\n`));
    const ctx = createProbeContext(target, { ...(options.signal ? { signal: options.signal } : {}), deadline: Date.now() + timeoutMs, log });
    try {
      concrete.push(...(await probe.expand(ctx)));
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const message = error instanceof Error ? error.message : String(error);
      concrete.push({ name: probe.name, run: () => Promise.reject(new Error(message)) });
    }
  }
  return concrete;
}
