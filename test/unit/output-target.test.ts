// The files a run or analyze writes at the end (--output, --report, --markdown, --html, --sbom):
// checked up front, and a late write failure is the flag's one line, not an internal error.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { assertWritableDir, writeReportFile } from '../../src/pipeline/output-target.js';
import { useTempDirs } from './temp-dirs.js';

const tempDir = useTempDirs('output-target-');

describe('output targets', () => {
  it('refuses a name that is an existing directory, with a file name to use instead', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'out'));
    await expect(assertWritableDir(join(dir, 'out'), '--report')).rejects.toMatchObject({
      code: ExitCode.usage, message: `--report ${join(dir, 'out')} is a directory`, hint: `name a file, e.g. ${join(dir, 'out', 'report.json')}`,
    });
    await expect(assertWritableDir(join(dir, 'out'))).rejects.toMatchObject({ message: expect.stringMatching(/^--output .* is a directory$/) });
  });

  it('accepts a new file or an existing one in a writable directory, and refuses a missing directory', async () => {
    const dir = await tempDir();
    await expect(assertWritableDir(join(dir, 'report.json'), '--report')).resolves.toBeUndefined();
    await writeReportFile('--report', join(dir, 'report.json'), 'old');
    await expect(assertWritableDir(join(dir, 'report.json'), '--report')).resolves.toBeUndefined();
    await expect(assertWritableDir(join(dir, 'missing', 'report.json'), '--report')).rejects.toMatchObject({ code: ExitCode.usage });
  });

  it('writes and appends, and turns a failed write into a usage error naming the flag', async () => {
    const dir = await tempDir();
    const file = join(dir, 'report.md');
    await writeReportFile('--markdown', file, 'a\n');
    await writeReportFile('--markdown', file, 'b\n', 'append');
    expect(await readFile(file, 'utf8')).toBe('a\nb\n');
    const failure = await writeReportFile('--html', dir, '<html>').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MinifyError);
    expect(failure).toMatchObject({ code: ExitCode.usage, message: expect.stringMatching(/^cannot write --html .*EISDIR/) });
  });
});
