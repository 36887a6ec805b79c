// `minify run` on every fixture through the real CLI and engine: the slim image is at least 5x
// smaller, passes the same probes, serves on its own, and nothing is left behind.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { commitImage, docker, fetchFromImage, imageBytes, imageId, imageTags } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const FIXTURES = [
  { image: 'minify-fixture/node-api:1.0', probe: 'probes/api.ts' },
  { image: 'minify-fixture/static-web:1.0', probe: 'probes/static-web.ts' },
  { image: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts' },
] as const;

const createdTags: string[] = [];
const sandbox = useSandbox({ tags: createdTags });

async function expectNothingLeft(): Promise<void> {
  expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
}

describe('minify run on the fixtures', () => {
  it('node-api: slim (and debug) image, --report and --output, serves on its own', async () => {
    const { image, probe } = FIXTURES[0];
    const slim = `${image}-slim`;
    const debug = `${image}-debug`;
    createdTags.push(slim, debug);
    const sourceBefore = imageTags(image);
    const reportPath = join(sandbox.tmp, 'report.json');
    const tarPath = join(sandbox.tmp, 'slim.tar');

    const result = await sandbox.spawn(['run', image, '--probe', probe, '--debug', '--report', reportPath, '--output', tarPath]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/verify\s+passed/);
    expect(imageTags(image)).toBe(sourceBefore);

    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    expect(report.verified).toBe('passed');
    expect(report.slim?.ref).toBe(slim);
    expect(imageBytes(image) / imageBytes(slim)).toBeGreaterThanOrEqual(5);
    const kept = new Set(report.kept.map((k) => k.path));
    expect(kept.has('/app/server.js')).toBe(true);
    expect([...kept].some((p) => /^\/app\/(\.git|coverage)(\/|$)/.test(p))).toBe(false);
    expect(kept.has('/usr/bin/gcc')).toBe(false);

    // The slim image has no shell; the debug image adds one on top of the same files.
    expect(() => docker(['run', '--rm', '--network', 'none', '--entrypoint', '/bin/sh', slim, '-c', 'true'])).toThrow();
    expect(docker(['run', '--rm', '--network', 'none', '--entrypoint', '/bin/sh', debug, '-c', 'ls /app/server.js'])).toBe('/app/server.js');

    await expectServes(slim, 3000, ['/health', '/report', '/hash?s=x']);

    // --output is the same docker-archive that was loaded.
    const listing = execFileSync('tar', ['-tf', tarPath]).toString().split('\n');
    expect(listing).toContain('manifest.json');
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', tarPath, 'manifest.json']).toString()) as Array<{ RepoTags: string[]; Config: string }>;
    expect(manifest[0]?.RepoTags).toEqual([slim]);
    expect(`sha256:${manifest[0]?.Config.replace(/^blobs\/sha256\/|\.json$/g, '')}`).toBe(imageId(slim));

    await expectNothingLeft();
  }, 300_000);

  for (const { image, probe } of FIXTURES.slice(1)) {
    it(`${image}: at least 5x smaller and passes ${probe}`, async () => {
      const slim = `${image}-slim`;
      createdTags.push(slim);
      const sourceBefore = imageTags(image);
      const result = await sandbox.spawn(['run', image, '--probe', probe, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as RunReport;
      expect(report.verified).toBe('passed');
      expect(report.probes.verify?.every((p) => p.ok)).toBe(true);
      expect(imageBytes(image) / imageBytes(slim)).toBeGreaterThanOrEqual(5);
      expect(imageTags(image)).toBe(sourceBefore);
      await expectNothingLeft();
    }, 180_000);
  }

  it('--sensor-mode ptrace with --probe-exec: the command run inside the container is traced and kept', async () => {
    const image = 'minify-fixture/redis:1.0';
    const slim = `${image}-ptrace`;
    createdTags.push(slim);
    const reportPath = join(sandbox.tmp, 'redis-ptrace.json');
    const result = await sandbox.spawn([
      'run', image, '--sensor-mode', 'ptrace', '--probe-exec', 'redis-cli PING', '--tag', slim, '--report', reportPath, '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    expect(report.trace.mode).toBe('ptrace');
    expect(report.probes.verify?.map((p) => [p.name, p.ok])).toEqual([['exec: redis-cli PING', true]]);
    expect(report.kept.find((k) => k.path === '/usr/bin/redis-cli')?.reason).toMatch(/^traced \(.*exec/);
    await expectNothingLeft();
  }, 180_000);

  it('a Python service with no probe file: the default crawl drives it and the slim image still serves', async () => {
    const image = 'minify-test/python-http:1';
    createdTags.push(image, `${image}-slim`);
    // Debian's python3 from the node-base intermediate fixture, serving a dir over http.server.
    commitImage(image, ['EXPOSE 8000', 'WORKDIR /usr/share/doc/python3', 'CMD ["python3", "-m", "http.server", "8000"]'], 'minify-fixture/node-base:bookworm');
    const result = await sandbox.spawn(['run', image, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.probes.verify?.map((p) => [p.name, p.ok])).toEqual([['crawl :8000', true]]);
    expect(imageBytes(image) / imageBytes(`${image}-slim`)).toBeGreaterThanOrEqual(10);
    expect(report.kept.some((k) => /^\/usr\/lib\/python3\.\d+\/http\/server\.py$/.test(k.path))).toBe(true);
    await expectServes(`${image}-slim`, 8000, ['/', '/copyright']);
    await expectNothingLeft();
  }, 180_000);

  it('--output-format oci writes an OCI image layout that docker load turns back into the same image', async () => {
    const image = 'minify-fixture/redis:1.0';
    const slim = `${image}-oci`;
    createdTags.push(slim);
    const tarPath = join(sandbox.tmp, 'redis-oci.tar');
    const result = await sandbox.spawn(['run', image, '--probe', 'probes/redis.ts', '--tag', slim, '--output', tarPath, '--output-format', 'oci', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const listing = execFileSync('tar', ['-tf', tarPath]).toString().split('\n');
    expect(listing).toEqual(expect.arrayContaining(['oci-layout', 'index.json', 'manifest.json']));
    expect(listing.some((name) => name.endsWith('layer.tar'))).toBe(false);
    const id = imageId(slim);
    docker(['rmi', slim]);
    expect(imageId(slim)).toBeUndefined();
    docker(['load', '-i', tarPath]);
    expect(imageId(slim)).toBe(id);
    await expectNothingLeft();
  }, 180_000);
});

/** The image, run on its own, answers 200 on every path. */
async function expectServes(image: string, port: number, paths: readonly string[]): Promise<void> {
  const responses = await fetchFromImage(image, port, paths);
  responses.forEach((response, index) => expect(response.status, `${image} ${paths[index]}`).toBe(200));
}
