// --sbom's file: refused early when it exists or its dir is not writable, created exclusively (never
// through a planted symlink), and nothing left at the path when the write fails.
import { readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { assertSbomTarget, writeSbomFile } from '../../src/pipeline/output-sbom.js';
import { useTempDirs } from './temp-dirs.js';

const tempDir = useTempDirs('sbom-test-');

describe('--sbom output', () => {
  it('refuses an existing file and a missing directory before any work, as usage errors', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'there.json'), 'old');
    await expect(assertSbomTarget(join(dir, 'there.json'))).rejects.toMatchObject({ code: ExitCode.usage });
    await expect(assertSbomTarget(join(dir, 'no-such-dir', 'sbom.json'))).rejects.toMatchObject({ code: ExitCode.usage });
    await expect(assertSbomTarget(join(dir, 'new.json'))).resolves.toBeUndefined();
  });

  it('refuses a dangling symlink up front: the exclusive create at the end would refuse it too', async () => {
    const dir = await tempDir();
    await symlink(join(dir, 'nowhere'), join(dir, 'link.json'));
    await expect(assertSbomTarget(join(dir, 'link.json'))).rejects.toMatchObject({ code: ExitCode.usage, message: expect.stringContaining('already exists') });
  });

  it('writes a new file and leaves nothing for the disposer', async () => {
    const dir = await tempDir();
    const disposer = new Disposer();
    await writeSbomFile(join(dir, 'sbom.json'), '{"bomFormat":"CycloneDX"}\n', disposer);
    expect(await readFile(join(dir, 'sbom.json'), 'utf8')).toBe('{"bomFormat":"CycloneDX"}\n');
    expect(disposer.size).toBe(0);
  });

  it('never writes through a name planted after the early check, and leaves the planted one alone', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'victim'), 'precious');
    await symlink(join(dir, 'victim'), join(dir, 'sbom.json'));
    const disposer = new Disposer();
    const failure = await writeSbomFile(join(dir, 'sbom.json'), '{}', disposer).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MinifyError);
    expect(await readFile(join(dir, 'victim'), 'utf8')).toBe('precious');
    expect(await readlink(join(dir, 'sbom.json'))).toBe(join(dir, 'victim'));
    expect(disposer.size).toBe(0);
  });
});
