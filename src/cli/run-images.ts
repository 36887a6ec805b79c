// Runs the resolved images one after another and owns `--json` on stdout: one JSON document per
// invocation. `minify run IMAGE` prints that run's report; `minify run` over minify.yml's images
// prints `{schema, exitCode, runs: [...]}` once, after the last run (or the one that stopped early).
import { engineFailure } from '../engine/engine-error.js';
import { ExitCode } from '../errors.js';
import { failureReport, markDocumented } from './machine-error.js';
import type { ResolvedRun } from './run-config-file.js';

export type RunDocument = Readonly<Record<string, unknown>>;

/** What one run gives back: its exit code and its `--json` report (a run that stops early throws). */
export interface RunResult {
  readonly exitCode: number;
  readonly document: RunDocument;
}

/** The document of a run that stopped early: the code, message and hint of the line on stderr. */
export function failureDocument(error: unknown): RunDocument & { exitCode: number } {
  const failure = failureReport(engineFailure(error) ?? error);
  return { schema: 1, exitCode: failure.code, error: failure };
}

/** Several runs as one document: each run's own document with its image first. */
export function runsDocument(runs: ReadonlyArray<{ image: string; document: RunDocument }>, exitCode: number): RunDocument {
  return { schema: 1, exitCode, runs: runs.map(({ image, document }) => ({ image, ...document })) };
}

export interface RunImagesOptions {
  /** The images came from minify.yml (no image on the command line): `--json` prints the `runs` document. */
  readonly fromFile: boolean;
  readonly runOne: (run: ResolvedRun) => Promise<RunResult>;
  readonly write: (text: string) => Promise<void>;
}

/** Runs in order; the exit code is the first failing run's, and a run that stops early stops the list. */
export async function runImages(runs: readonly ResolvedRun[], opts: RunImagesOptions): Promise<number> {
  const text = (document: RunDocument) => `${JSON.stringify(document, null, 2)}\n`;
  const json = (run: ResolvedRun) => run.flags.json === true;
  const collected: { image: string; document: RunDocument }[] = [];
  let exitCode: number = ExitCode.ok;
  for (const run of runs) {
    let result: RunResult;
    try {
      result = await opts.runOne(run);
    } catch (error) {
      // A machine reading --json gets a document on failure too; the one-line error still goes to stderr.
      const failure = failureDocument(error);
      if (json(run) && !opts.fromFile) await opts.write(text(failure));
      if (json(run) && opts.fromFile) collected.push({ image: run.image, document: failure });
      if (collected.length > 0) await opts.write(text(runsDocument(collected, failure.exitCode)));
      if (json(run)) markDocumented(error);
      throw error;
    }
    if (exitCode === ExitCode.ok) exitCode = result.exitCode;
    if (json(run) && !opts.fromFile) await opts.write(text(result.document));
    if (json(run) && opts.fromFile) collected.push({ image: run.image, document: result.document });
  }
  if (collected.length > 0) await opts.write(text(runsDocument(collected, exitCode)));
  return exitCode;
}
