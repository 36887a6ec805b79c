// Turns what dockerode throws (HTTP status from the engine, or a socket error) into one line with a
// hint and a distinct exit code, so no engine failure reaches the user as a stack trace.
import { ExitCode, MinifyError } from '../errors.js';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EACCES', 'ENOTFOUND', 'EHOSTUNREACH', 'ERR_SOCKET_CLOSED']);

interface EngineErrorShape {
  readonly statusCode?: unknown;
  readonly code?: unknown;
  readonly json?: unknown;
  readonly reason?: unknown;
  readonly message?: unknown;
}

/** The engine's own words: its JSON `message`, else dockerode's text without the "(HTTP code N)" prefix. */
function engineSays(error: EngineErrorShape): string {
  const json = error.json as { message?: unknown } | null | undefined;
  const text = typeof json?.message === 'string' ? json.message
    : typeof error.message === 'string' ? error.message.replace(/^\(HTTP code \d+\)\s*(?:[a-z ]+ - )?/, '')
      : String(error.reason ?? 'no detail');
  return text.replace(/\s+/g, ' ').trim();
}

/** A MinifyError for an engine failure, or undefined when `error` did not come from the engine. */
export function engineFailure(error: unknown): MinifyError | undefined {
  if (error instanceof MinifyError || typeof error !== 'object' || error === null) return undefined;
  const shape = error as EngineErrorShape;
  const status = typeof shape.statusCode === 'number' ? shape.statusCode : undefined;
  const says = engineSays(shape);
  const cause = { cause: error };
  switch (status) {
    case undefined:
      break;
    case 400:
      return new MinifyError(`the engine rejected the request: ${says}`, { code: ExitCode.usage, hint: 'check the image name and flags', ...cause });
    case 401:
    case 403:
      return new MinifyError(`the engine refused access: ${says}`, { code: ExitCode.engineUnavailable, hint: 'check your permissions on the Docker socket', ...cause });
    case 404:
      return new MinifyError(`not found in the engine: ${says}`, { code: ExitCode.notFound, hint: 'docker images and docker ps -a list what the engine has', ...cause });
    case 409:
      return new MinifyError(`the engine reports a conflict: ${says}`, { code: ExitCode.engineError, hint: 'another run or container may be using it; retry, or run minify gc', ...cause });
    default:
      if (status >= 500) {
        return new MinifyError(`the engine failed (HTTP ${status}): ${says}`, { code: ExitCode.engineError, hint: 'see the engine log (journalctl -u docker); retry once it is healthy', ...cause });
      }
      return new MinifyError(`the engine answered HTTP ${status}: ${says}`, { code: ExitCode.engineError, hint: 'retry; report it if it persists', ...cause });
  }
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  if (code && SOCKET_CODES.has(code)) {
    return new MinifyError(`lost the connection to the Docker engine (${code}): ${says}`, {
      code: ExitCode.engineUnavailable, hint: 'check Docker is running and DOCKER_HOST points at it', ...cause,
    });
  }
  return undefined;
}
