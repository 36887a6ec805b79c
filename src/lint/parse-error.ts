// Located Dockerfile parse errors: `FILE:LINE:COL: message`, exit code parseError.
import { ExitCode, MinifyError } from '../errors.js';

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function parseError(at: Location, message: string, hint?: string): MinifyError {
  return new MinifyError(`${at.file}:${at.line}:${at.column}: ${message}`, {
    code: ExitCode.parseError,
    hint: hint ?? 'fix the Dockerfile syntax (see https://docs.docker.com/reference/dockerfile/)',
  });
}
