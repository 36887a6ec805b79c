// Connects to the Docker engine (DOCKER_HOST / TLS env honoured by dockerode) and checks it answers.
import Docker from 'dockerode';
import { ExitCode, MinifyError } from '../errors.js';

/** The engine handle other modules pass around; only src/engine/ looks inside it. */
export interface Engine {
  readonly docker: Docker;
}

export async function connectEngine(options: { timeoutMs?: number } = {}): Promise<Engine> {
  const docker = new Docker();
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
