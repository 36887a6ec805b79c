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

/** Formats any thrown value as the one line the CLI prints, and picks its exit code. */
export function describeFailure(error: unknown): { line: string; code: ExitCodeValue } {
  if (error instanceof MinifyError) {
    const hint = error.hint ? ` (${error.hint})` : '';
    return { line: `minify: ${error.message}${hint}`, code: error.code };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { line: `minify: internal error, please report it: ${detail}`, code: ExitCode.internal };
}
