// Connects to the Docker engine (DOCKER_HOST / TLS env honoured by dockerode, else the Docker CLI's
// current context) and checks it answers.
import { homedir } from 'node:os';
import Docker from 'dockerode';
import { ExitCode, MinifyError } from '../errors.js';
import { gateEngineCalls } from './call-gate.js';
import { contextDockerOptions } from './context-options.js';
import { currentContext } from './docker-context.js';
import { engineHostOf, type EngineHost } from './engine-host.js';

/** The engine handle other modules pass around; only src/engine/ looks inside it. */
export interface Engine {
  readonly docker: Docker;
  /** Where the engine runs: the host its published ports are reached on. */
  readonly host: EngineHost;
}

/** dockerode's options and the engine's host: DOCKER_HOST (dockerode reads it), else the current context. */
export async function resolveEngine(env: NodeJS.ProcessEnv = process.env, home = homedir()): Promise<{ options?: Docker.DockerOptions; host: EngineHost }> {
  const context = await currentContext(env, home);
  if (!context) return { host: engineHostOf(env.DOCKER_HOST) };
  return { options: contextDockerOptions(context, env), host: engineHostOf(context.host, `context ${context.name}`) };
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
  const { options: dockerOptions, host } = await resolveEngine();
  const docker = new Docker(dockerOptions);
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
    const where = host.via === 'default' || host.via === 'DOCKER_HOST' ? host.address : `${host.address} (${host.via})`;
    throw new MinifyError(`the Docker engine at ${where} does not answer: ${messageOf(error)}`, {
      code: ExitCode.engineUnavailable,
      hint: host.via.startsWith('context ') ? 'start Docker there, or pick another context (DOCKER_CONTEXT, `docker context use`)' : 'start Docker, or set DOCKER_HOST',
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  return { docker, host };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** dockerode errors carry the HTTP status of the engine's answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
