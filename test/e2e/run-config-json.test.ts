// `minify run --json` over minify.yml's images: one JSON document on stdout, `{schema, exitCode,
// runs: [...]}`, with each image's report (or the error of the run that stopped the list).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { commitImage } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const tag = `ecogap-${uniqueId()}`;
const FIRST = `minify-test/json-runs-a:${tag}`;
const SECOND = `minify-test/json-runs-b:${tag}`;
const MISSING = `minify-test/json-runs-missing:${tag}`;
const sandbox = useSandbox({ tags: [FIRST, SECOND, `${FIRST}-slim`, `${SECOND}-slim`] });

beforeAll(async () => {
  commitImage(FIRST, ['CMD ["sh", "-c", "grep -c root /etc/passwd"]']);
  commitImage(SECOND, ['CMD ["sh", "-c", "cat /etc/os-release"]']);
});

type RunsDocument = { schema: number; exitCode: number; runs: Array<RunReport & { image: string; exitCode: number; error?: { code: number } }> };

describe('minify run --json with minify.yml', () => {
  it('prints one document for all images; a run that stops early ends the list and names the exit code', async () => {
    const config = join(sandbox.tmp, 'minify.yml');
    // The second image fails its size gate (exit 11, the run goes on); the third does not exist (exit 4, the list stops).
    await writeFile(config, `job: true\nimages:\n  - ${FIRST}\n  - image: ${SECOND}\n    max-size: 1KB\n  - ${MISSING}\n`);
    const result = await sandbox.spawn(['run', '--config', config, '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.notFound);
    const document = JSON.parse(result.stdout) as RunsDocument;
    expect(document.schema).toBe(1);
    expect(document.exitCode).toBe(ExitCode.notFound);
    expect(document.runs.map((run) => [run.image, run.exitCode])).toEqual([[FIRST, ExitCode.ok], [SECOND, ExitCode.gateExceeded], [MISSING, ExitCode.notFound]]);
    expect(document.runs[0]?.source.ref).toBe(FIRST);
    expect(document.runs[0]?.probes.verify?.map((p) => p.ok)).toEqual([true]);
    expect(document.runs[2]?.error?.code).toBe(ExitCode.notFound);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 300_000);
});
