// Builds the ProbeContext handed to each probe from the target's published ports.
import type { Engine } from '../engine/connect.js';
import { execInContainer } from '../engine/containers.js';
import { createHttp } from './http.js';
import { portHelpers, type PublishedPort } from './ports.js';
import { ProbeFailure, type CommandResult, type HttpExchange, type ProbeContext } from './types.js';

export interface ProbeTarget {
  /** container port → where it is published (host port on 127.0.0.1 or on a remote engine's host) */
  readonly endpoints: ReadonlyMap<number, PublishedPort>;
  readonly engine?: Engine;
  readonly containerId?: string;
  /** While tracing: rewrites an in-container command so that it runs under its own sensor. */
  readonly wrapExec?: (argv: readonly string[]) => { readonly argv: readonly string[]; readonly user?: string };
  /** Restarts the container and waits until it is ready (ctx.restart()). */
  readonly restart?: () => Promise<void>;
  /** Sees every HTTP exchange a probe makes (for the behaviour diff). */
  readonly recordExchange?: (exchange: HttpExchange) => void;
}

export interface ContextOptions {
  readonly signal?: AbortSignal;
  readonly deadline?: number;
  readonly log?: (message: string) => void;
  readonly record?: (step: string, outcome: string) => void;
}

export function createProbeContext(target: ProbeTarget, options: ContextOptions = {}): ProbeContext {
  const { ports, host, hostPort, defaultPort, url } = portHelpers(target.endpoints);
  const signal = options.signal ?? new AbortController().signal;
  const deadline = options.deadline ?? Date.now() + 60_000;
  const containerPortOf = (published: number): number | undefined =>
    [...target.endpoints].find(([, endpoint]) => endpoint.port === published)?.[0];
  const remaining = (timeoutMs?: number) => Math.max(1, Math.min(timeoutMs ?? 30_000, deadline - Date.now()));
  return {
    ports,
    host,
    url,
    hostPort,
    http: createHttp({
      host, hostPort, defaultPort, signal,
      ...(target.recordExchange ? { record: target.recordExchange, containerPortOf } : {}),
    }),
    async exec(cmd, args = [], opts = {}) {
      // Loaded on first use: execa costs ~0.25 s of every start, and few probes exec on the host.
      const { execa } = await import('execa');
      const result = await execa(cmd, [...args], {
        reject: false, timeout: remaining(opts.timeoutMs), cancelSignal: signal, stdin: 'ignore',
      });
      const line = [cmd, ...args].join(' ');
      if (result.failed || result.exitCode !== 0) {
        const why = result.timedOut ? 'timed out' : result.exitCode === undefined ? result.shortMessage : `exited with ${result.exitCode}`;
        throw new ProbeFailure(`${line}: ${why}${result.stderr ? `: ${String(result.stderr).trim()}` : ''}`);
      }
      return { exitCode: 0, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
    async execInTarget(argv, opts = {}): Promise<CommandResult> {
      if (!target.engine || !target.containerId) throw new ProbeFailure('no target container to exec in');
      const call = target.wrapExec?.(argv) ?? { argv };
      const result = await execInContainer(target.engine, target.containerId, call.argv, {
        timeoutMs: remaining(opts.timeoutMs),
        ...(call.user !== undefined ? { user: call.user } : {}),
      });
      if (result.exitCode !== 0) {
        throw new ProbeFailure(`${argv.join(' ')} (in the container) exited with ${result.exitCode}${result.stderr ? `: ${result.stderr.trim()}` : ''}`);
      }
      return result;
    },
    log: options.log ?? ((message) => process.stderr.write(`probe: ${message}\n`)),
    record: (step, outcome) => options.record?.(step, String(outcome)),
    signal,
    deadline,
    async restart() {
      if (!target.restart) throw new ProbeFailure('this target cannot be restarted');
      await target.restart();
    },
  };
}

