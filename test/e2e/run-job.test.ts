// `minify run --job`: an image that runs a task to completion (a CLI or batch job) instead of a service.
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { commitImage, docker, imageBytes } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const tag = uniqueId();
const JOB = `minify-test/job:${tag}`;
const FAILING = `minify-test/job-fails:${tag}`;
const ENDLESS = `minify-test/job-endless:${tag}`;
const sandbox = useSandbox({ tags: [JOB, FAILING, ENDLESS, `${JOB}-slim`] });

beforeAll(async () => {
  commitImage(JOB, ['CMD ["sh", "-c", "grep -c root /etc/passwd && sha256sum /etc/os-release > /tmp/sum && cat /tmp/sum"]']);
  commitImage(FAILING, ['CMD ["sh", "-c", "echo checking >&2; exit 3"]']);
  commitImage(ENDLESS, ['CMD ["sleep", "600"]']);
});

async function expectNothingLeft(): Promise<void> {
  expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
}

describe('minify run --job', () => {
  it('traces a job to its end and the slim image runs it with the same output', async () => {
    const result = await sandbox.spawn(['run', JOB, '--job', '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['job', true]]);
    expect(report.probes.verify?.map((p) => [p.name, p.ok])).toEqual([['job', true]]);
    expect(imageBytes(JOB) / imageBytes(`${JOB}-slim`)).toBeGreaterThan(10);
    expect(docker(['run', '--rm', '--network', 'none', `${JOB}-slim`])).toBe(docker(['run', '--rm', '--network', 'none', JOB]));
    await expectNothingLeft();
  }, 120_000);

  it('exits 10 when the slim image cannot run the job (a program it needs was excluded)', async () => {
    const result = await sandbox.spawn(['run', JOB, '--job', '--exclude', '/usr/bin/sha256sum', '--tag', `${JOB}-broken`]);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(result.stderr).toMatch(/verify failed: probe job failed against .*-broken: exited with code 127/);
    expect(result.stderr).toMatch(/traced files left out of the slim image .*\/usr\/bin\/sha256sum/);
    await expectNothingLeft();
  }, 120_000);

  it('exits 8 with the job\'s last log lines when the job fails on the source image', async () => {
    const result = await sandbox.spawn(['run', FAILING, '--job']);
    expect(result.code, result.stderr).toBe(ExitCode.appExited);
    expect(result.stderr).toMatch(/the job in .* exited with code 3; last log lines:\nchecking/);
    await expectNothingLeft();
  }, 60_000);

  it('exits 9 and removes the container when the job outlives --job-timeout', async () => {
    const result = await sandbox.spawn(['run', ENDLESS, '--job', '--job-timeout', '2']);
    expect(result.code, result.stderr).toBe(ExitCode.notReady);
    expect(result.stderr).toMatch(/did not exit within 2s/);
    await expectNothingLeft();
  }, 60_000);

  it('exits 2 when given probes: a job has no service to drive', async () => {
    const result = await sandbox.spawn(['run', JOB, '--job', '--probe', 'probes/api.ts']);
    expect(result.code, result.stderr).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/there is no service for --probe, --probe-exec, --http-probe or --verify-probe to drive/);
  }, 60_000);
});
