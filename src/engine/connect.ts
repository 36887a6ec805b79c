// Connects to the Docker engine (DOCKER_HOST / TLS env honoured by dockerode) and checks it answers.
import Docker from 'dockerode';
import { ExitCode, MinifyError } from '../errors.js';
import { gateEngineCalls } from './call-gate.js';

/** The engine handle other modules pass around; only src/engine/ looks inside it. */
export interface Engine {
  readonly docker: Docker;
}

export interface ConnectOptions {
  readonly timeoutMs?: number;
  /**
   * The run's cancellation: engine calls stop when it aborts, and the disposer's cleanup waits
   * (up to 30 s) for calls that create something to return first.
   */
  readonly run?: { readonly signal: AbortSignal; readonly disposer: { settleFirst(settle: () => Promise<void>): void } };
}

export async function connectEngine(options: ConnectOptions = {}): Promise<Engine> {
  const docker = new Docker();
  if (options.run) {
    const gate = gateEngineCalls(docker, options.run.signal);
    options.run.disposer.settleFirst(() => gate.settled(30_000));
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
    throw new MinifyError(`the Docker engine at ${where} does not answer: ${messageOf(error)}`, {
      code: ExitCode.engineUnavailable,
      hint: 'start Docker, or set DOCKER_HOST',
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  return { docker };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** dockerode errors carry the HTTP status of the engine's answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
