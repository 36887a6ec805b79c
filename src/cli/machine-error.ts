// The error object a machine reader gets on stdout when a command stops early (--json, lint's
// json/sarif): the same code, message and hint as the one line on stderr.
import { ExitCode, MinifyError } from '../errors.js';

/** Failures whose command already wrote their machine document (run's, inside its own --json output): main writes one for the others. */
const documented = new WeakSet<object>();

/** Called by a command that wrote `error`'s document on stdout. */
export function markDocumented(error: unknown): void {
  if (typeof error === 'object' && error !== null) documented.add(error);
}

export function isDocumented(error: unknown): boolean {
  return typeof error === 'object' && error !== null && documented.has(error);
}

export type MachineFormat = 'json' | 'sarif';

/** The machine format a command line asks for (`--json`, `--format json|sarif`), read before commander has parsed it. */
export function machineFormatOf(args: readonly string[]): MachineFormat | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--') break;
    if (arg === '--json') return 'json';
    const value = arg === '--format' ? args[i + 1] : arg.startsWith('--format=') ? arg.slice('--format='.length) : undefined;
    if (value === 'json' || value === 'sarif') return value;
  }
  return undefined;
}

export interface FailureObject {
  readonly code: number;
  readonly message: string;
  readonly hint?: string;
}

export function failureReport(error: unknown): FailureObject {
  if (error instanceof MinifyError) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: ExitCode.internal, message: error instanceof Error ? error.message : String(error) };
}

/** `{"schema":1,"error":{…}}` and its exit code, for --json and lint's json format. */
export function jsonFailure(error: unknown): string {
  return `${JSON.stringify({ schema: 1, exitCode: failureReport(error).code, error: failureReport(error) }, null, 2)}\n`;
}

/** A SARIF 2.1.0 log of a run that could not finish: no results, the error as a tool notification. */
export function sarifFailure(error: unknown, version: string): string {
  const failure = failureReport(error);
  const text = failure.hint ? `${failure.message} (${failure.hint})` : failure.message;
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'minify', semanticVersion: version } },
      invocations: [{
        executionSuccessful: false,
        exitCode: failure.code,
        toolExecutionNotifications: [{ level: 'error', message: { text } }],
      }],
      results: [],
    }],
  }, null, 2)}\n`;
}
