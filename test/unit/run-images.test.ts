// `minify run --json` prints one document: a run's report for `minify run IMAGE`, and
// `{schema, exitCode, runs}` for minify.yml's images, also when a run stops early.
import { describe, expect, it } from 'vitest';
import type { ResolvedRun } from '../../src/cli/run-config-file.js';
import { runImages, type RunResult } from '../../src/cli/run-images.js';
import { ExitCode, MinifyError } from '../../src/errors.js';

const run = (image: string, json = true): ResolvedRun => ({ image, flags: { json }, sources: new Map() });

/** runImages with a fake run per image: a result, or an error to throw; returns what reached stdout. */
async function drive(runs: readonly ResolvedRun[], fromFile: boolean, results: Record<string, RunResult | Error>) {
  const writes: string[] = [];
  const runOne = async (r: ResolvedRun) => {
    const result = results[r.image];
    if (result instanceof Error) throw result;
    return result ?? { exitCode: 0, document: {} };
  };
  let thrown: unknown;
  let exitCode: number | undefined;
  try {
    exitCode = await runImages(runs, { fromFile, runOne, write: async (text) => void writes.push(text) });
  } catch (error) {
    thrown = error;
  }
  return { writes, exitCode, thrown };
}

const report = (name: string, exitCode = 0): RunResult => ({ exitCode, document: { schema: 1, source: { ref: name }, exitCode, failures: [] } });

describe('runImages --json', () => {
  it('prints one {schema, exitCode, runs} document for the file\'s images, the first failing exit code on top', async () => {
    const { writes, exitCode } = await drive([run('a:1'), run('b:1'), run('c:1')], true, { 'a:1': report('a:1'), 'b:1': report('b:1', 11), 'c:1': report('c:1', 10) });
    expect(writes).toHaveLength(1);
    const document = JSON.parse(writes[0] ?? '') as { schema: number; exitCode: number; runs: Array<{ image: string; exitCode: number }> };
    expect(document.schema).toBe(1);
    expect(document.exitCode).toBe(11);
    expect(document.runs.map((r) => [r.image, r.exitCode])).toEqual([['a:1', 0], ['b:1', 11], ['c:1', 10]]);
    expect(exitCode).toBe(11);
  });

  it('still prints the one document when a run stops early: its error is the last entry and the exit code', async () => {
    const missing = new MinifyError('image b:1 not found', { code: ExitCode.notFound, hint: 'build it' });
    const { writes, thrown } = await drive([run('a:1'), run('b:1'), run('c:1')], true, { 'a:1': report('a:1'), 'b:1': missing });
    expect(thrown).toBe(missing);
    expect(writes).toHaveLength(1);
    const document = JSON.parse(writes[0] ?? '') as { exitCode: number; runs: Array<Record<string, unknown>> };
    expect(document.exitCode).toBe(ExitCode.notFound);
    expect(document.runs).toEqual([
      expect.objectContaining({ image: 'a:1', exitCode: 0 }),
      { image: 'b:1', schema: 1, exitCode: ExitCode.notFound, error: { code: ExitCode.notFound, message: 'image b:1 not found', hint: 'build it' } },
    ]);
  });

  it('prints the run\'s own report (or error document) for an image named on the command line', async () => {
    const ok = await drive([run('a:1')], false, { 'a:1': report('a:1') });
    expect(ok.writes.map((text) => JSON.parse(text) as unknown)).toEqual([report('a:1').document]);
    const failed = await drive([run('a:1')], false, { 'a:1': new MinifyError('no engine', { code: ExitCode.engineUnavailable }) });
    expect(failed.writes.map((text) => JSON.parse(text) as unknown)).toEqual([{ schema: 1, exitCode: ExitCode.engineUnavailable, error: { code: ExitCode.engineUnavailable, message: 'no engine' } }]);
  });

  it('writes nothing without --json', async () => {
    expect((await drive([run('a:1', false), run('b:1', false)], true, {})).writes).toEqual([]);
  });
});
