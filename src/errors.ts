// Typed errors carrying an exit code and a one-line hint; the CLI maps them to the process exit.

/** Distinct, documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** A bug in minify: not the user's fault. */
  internal: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** The Docker engine does not answer. */
  engineUnavailable: 3,
  /** The image (or a file named on the command line) does not exist. */
  notFound: 4,
  /** An image tar is malformed or hostile (`../`, absolute paths, links out of the root). */
  unsafeImage: 5,
  /** A probe file cannot be loaded or has no default export. */
  invalidProbe: 6,
  /** A probe failed against the traced (original) image. */
  probeFailed: 7,
  /** The app exited or crashed while it was being traced. */
  appExited: 8,
  /** An exposed port never accepted connections within the wait. */
  notReady: 9,
  /** The slim image failed verification (a probe failed against it). */
  verifyFailed: 10,
  /** A CI gate was exceeded (--max-size, --min-efficiency, --max-wasted). */
  gateExceeded: 11,
  /** `minify lint` found problems at or above the failure threshold. */
  lintFindings: 12,
  /** A Dockerfile could not be parsed. */
  parseError: 13,
  /** The sensor could not run or its report could not be read. */
  sensorFailed: 14,
  /** The engine refused or failed an operation (HTTP 409 conflict, 5xx). */
  engineError: 15,
  /** `--push`: the registry refused or could not be reached; the slim image stays local. */
  pushFailed: 16,
  /** Interrupted by SIGINT (128 + 2) / SIGTERM (128 + 15). */
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface MinifyErrorOptions {
  readonly code: ExitCodeValue;
  /** What the user can do about it, one line. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/** A user-facing failure: message says what is wrong, hint says how to fix it. */
export class MinifyError extends Error {
  readonly code: ExitCodeValue;
  readonly hint?: string;

  constructor(message: string, options: MinifyErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'MinifyError';
    this.code = options.code;
    this.hint = options.hint;
  }
}

export class UsageError extends MinifyError {
  constructor(message: string, hint?: string) {
    super(message, { code: ExitCode.usage, hint });
    this.name = 'UsageError';
  }
}

export class UnsafeImageError extends MinifyError {
  constructor(message: string, hint = 'the image tar is malformed or hostile; rebuild it from a trusted Dockerfile') {
    super(message, { code: ExitCode.unsafeImage, hint });
    this.name = 'UnsafeImageError';
  }
}

/** The run was interrupted: its cleanup has run; the exit code says which signal. */
export class InterruptedError extends MinifyError {
  readonly signal: string;

  constructor(signal: string) {
    super(`interrupted by ${signal}; removed what this run created`, {
      code: signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated,
    });
    this.name = 'InterruptedError';
    this.signal = signal;
  }
}

/** Control bytes from input (a Dockerfile, an image name) shown as \xNN, so an error line cannot rewrite the terminal. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Formats any thrown value as the one line the CLI prints, and picks its exit code. An internal
 * error names its type and message; its stack comes only with `withStack` (MINIFY_DEBUG=1).
 */
export function describeFailure(error: unknown, options: { withStack?: boolean } = {}): { line: string; code: ExitCodeValue } {
  if (error instanceof MinifyError) {
    const hint = error.hint ? ` (${error.hint})` : '';
    return { line: escapeControl(`minify: ${error.message}${hint}`), code: error.code };
  }
  const detail = error instanceof Error ? (options.withStack && error.stack ? error.stack : `${error.name}: ${error.message}`) : String(error);
  const hint = options.withStack ? '' : ' (run with MINIFY_DEBUG=1 for the stack)';
  return { line: escapeControl(`minify: internal error, please report it: ${detail}${hint}`), code: ExitCode.internal };
}
