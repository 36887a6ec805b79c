// `minify run` when things go wrong: each failure has its own exit code and one clear line, the
// source image is untouched, and no container, volume or temp dir survives (Ctrl-C included).
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { writeDockerArchive } from '../../src/image/write-archive.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { skipBecause } from '../helpers/skip-reason.js';
import { commitImage, docker, imageId, imageTags, removeTag, ROOT } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const tag = uniqueId();
/** A tiny HTTP server in perl (in the debootstrap base): GET /crash makes it exit with code 3. */
const FRAGILE = `minify-test/fragile:${tag}`;
/** Exposes a port nothing listens on. */
const DEAF = `minify-test/deaf:${tag}`;
/** Declares linux/riscv64: no sensor is built for it. */
const RISCV = `minify-test/riscv:${tag}`;
/** Declares linux/arm64: traced with the arm64 sensor, which this amd64 engine cannot run. */
const ARM = `minify-test/arm:${tag}`;
/** An amd64 engine runs arm64 programs only with qemu registered in binfmt_misc. */
const ENGINE_RUNS_ARM64 = process.arch === 'arm64' || existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64');
const SERVER = [
  'use IO::Socket::INET; $| = 1;',
  'my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die "listen: $!";',
  'while (my $c = $s->accept) { my $l = <$c>; exit 3 if $l =~ m{^GET /crash};',
  'print $c "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"; close $c; }',
].join(' ');

const sandbox = useSandbox({
  tags: [FRAGILE, DEAF, RISCV, ARM, `${FRAGILE}-slim`, `${DEAF}-slim`, 'minify-fixture/static-web:1.0-slim', 'minify-fixture/redis:1.0-slim'],
});

beforeAll(async () => {
  // VOLUME: the engine makes an anonymous volume per container, which must go with the container.
  commitImage(FRAGILE, ['EXPOSE 8080', 'VOLUME /data', `CMD ["perl", "-e", ${JSON.stringify(SERVER)}]`]);
  commitImage(DEAF, ['EXPOSE 8080', 'CMD ["sleep", "600"]']);
  await loadForeignImage(RISCV, 'riscv64');
  await loadForeignImage(ARM, 'arm64');
});

/** A one-file image whose config says `architecture`, loaded through our own archive writer. */
async function loadForeignImage(ref: string, architecture: string): Promise<void> {
  const dir = await mkdtemp(join(sandbox.tmp, 'foreign-'));
  const layerPath = join(dir, 'layer.tar');
  const tar = pack();
  tar.entry({ name: 'hello', mode: 0o755 }, '#!/bin/sh\necho hi\n');
  tar.finalize();
  await pipeline(tar, createWriteStream(layerPath));
  const diffId = `sha256:${createHash('sha256').update(await readFile(layerPath)).digest('hex')}`;
  const config = { architecture, os: 'linux', config: { Cmd: ['/hello'] }, rootfs: { type: 'layers' as const, diff_ids: [] } };
  const archivePath = join(dir, 'image.tar');
  await writeDockerArchive({ config, layers: [{ path: layerPath, diffId }], repoTags: [ref], out: createWriteStream(archivePath) });
  docker(['load', '-i', archivePath]);
  await rm(dir, { recursive: true, force: true });
}

async function expectCleanFailure(result: { code: number | null; stderr: string }, code: number, message: RegExp): Promise<void> {
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('minify:') && !/^minify: [a-z ]+(\.\.\.| done in)/.test(line));
  expect(lines.at(-1), result.stderr).toMatch(message);
  expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
}

describe('minify run failures', () => {
  it('the fragile image works when nothing goes wrong (the failures below are the probes\' doing)', async () => {
    const ok = await sandbox.probe('ok.ts', `export default async (ctx: any) => { await ctx.http.get('/', { expect: { status: 200, contains: 'ok' } }); };`);
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', ok, '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    expect(imageId(`${FRAGILE}-slim`)).toBeDefined();
    removeTag(`${FRAGILE}-slim`); // a later run making this tag would leave this image dangling
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 120_000);

  it('--no-verify with two probes: both drive the trace, verification is skipped', async () => {
    const first = await sandbox.probe('first.ts', `export default async (ctx: any) => { await ctx.http.get('/a', { expect: { status: 200 } }); };`);
    const second = await sandbox.probe('second.ts', `export default async (ctx: any) => { await ctx.http.get('/b', { expect: { status: 200 } }); };`);
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', first, '--probe', second, '--no-verify', '--tag', `${FRAGILE}-nv`, '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as { verified: string; probes: { trace: Array<{ name: string; ok: boolean }>; verify?: unknown } };
    expect(report.verified).toBe('skipped');
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['first.ts', true], ['second.ts', true]]);
    expect(report.probes.verify).toBeUndefined();
    removeTag(`${FRAGILE}-nv`);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 120_000);

  it('exits 2 when --tag names the source image, even through an alias the engine resolves', async () => {
    const before = imageTags(FRAGILE);
    for (const alias of [FRAGILE, `docker.io/${FRAGILE}`]) {
      const result = await sandbox.spawn(['run', FRAGILE, '--tag', alias]);
      await expectCleanFailure(result, ExitCode.usage, /names the source image itself/);
    }
    expect(imageTags(FRAGILE)).toBe(before);
  }, 60_000);

  it('exits 2 before starting anything when the image is neither linux/amd64 nor linux/arm64', async () => {
    const result = await sandbox.spawn(['run', RISCV]);
    await expectCleanFailure(result, ExitCode.usage, /is linux\/riscv64; the sensor runs only in linux\/amd64 and linux\/arm64 images/);
  }, 60_000);

  it.skipIf(skipBecause('arm64 image on an amd64-only engine', [
    [ENGINE_RUNS_ARM64, 'this engine runs arm64 programs (arm64 host or qemu binfmt), so the exec format error cannot happen'],
    [!existsSync(join(ROOT, 'build', 'minify-sensor-arm64')), 'build/minify-sensor-arm64 is missing (make build cross-compiles it)'],
  ]))(
    'traces a linux/arm64 image with the arm64 sensor, and says so when the engine cannot run it', async () => {
      const result = await sandbox.spawn(['run', ARM]);
      expect(result.stderr).toContain('exec /.minify/minify-sensor: exec format error');
      await expectCleanFailure(result, ExitCode.appExited, /exited with code \d+/);
      expect(result.stderr).toContain('this engine cannot run linux/arm64 programs; use a linux/arm64 engine or one with qemu binfmt emulation');
    }, 60_000);

  it('names the slim image after the tag of an image given by id, and asks for --tag when it has none', async () => {
    const fragileId = docker(['image', 'inspect', '--format', '{{.Id}}', FRAGILE]);
    const byId = await sandbox.spawn(['run', fragileId.slice(7, 19), '--no-verify', '--json']);
    expect(byId.code, byId.stderr).toBe(ExitCode.ok);
    expect((JSON.parse(byId.stdout) as { slim: { ref: string } }).slim.ref).toBe(`${FRAGILE}-slim`);
    removeTag(`${FRAGILE}-slim`); // the next run making this tag would leave this image dangling

    const container = docker(['create', FRAGILE]);
    const untagged = docker(['commit', container]);
    docker(['rm', '-v', container]);
    try {
      const result = await sandbox.spawn(['run', untagged]);
      await expectCleanFailure(result, ExitCode.usage, /is an id with no tag to name the slim image after/);
    } finally {
      docker(['rmi', untagged]);
    }
  }, 120_000);

  it('exits 4 when the image does not exist, with a JSON error object under --json', async () => {
    const result = await sandbox.spawn(['run', `minify-test/no-such-image:${tag}`, '--json']);
    await expectCleanFailure(result, ExitCode.notFound, /no-such-image/);
    expect(JSON.parse(result.stdout)).toEqual({
      schema: 1,
      exitCode: ExitCode.notFound,
      error: { code: ExitCode.notFound, message: `image minify-test/no-such-image:${tag} not found in the engine`, hint: expect.any(String) },
    });
  }, 60_000);

  it('exits 6 on a probe file without a default export, before any container starts', async () => {
    const bad = await sandbox.probe('bad.ts', 'export const notAProbe = 1;\n');
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', bad]);
    await expectCleanFailure(result, ExitCode.invalidProbe, /has no default export/);
    expect(result.stderr).not.toMatch(/trace\.\.\./);
  }, 60_000);

  it('exits 7 when a probe throws against the source image', async () => {
    const throws = await sandbox.probe('throws.ts', `export default async () => { throw new Error('checkout page is down'); };`);
    const before = imageTags(FRAGILE);
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', throws, '--tag', `${FRAGILE}-throws`]);
    await expectCleanFailure(result, ExitCode.probeFailed, /probe throws\.ts failed against the source image.*checkout page is down/);
    expect(imageTags(FRAGILE)).toBe(before);
    expect(imageId(`${FRAGILE}-throws`)).toBeUndefined();
  }, 60_000);

  it('exits 8 when the app exits while it is being probed', async () => {
    const crash = await sandbox.probe('crash.ts', [
      'export default async (ctx: any) => {',
      "  await ctx.http.get('/crash', { timeoutMs: 2000 }).catch(() => undefined);",
      '  await new Promise((resolve) => setTimeout(resolve, 1000));',
      '};',
    ].join('\n'));
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', crash, '--tag', `${FRAGILE}-crash`]);
    await expectCleanFailure(result, ExitCode.appExited, /exited while the probes were running/);
  }, 60_000);

  it('exits 9 when an exposed port never opens', async () => {
    const result = await sandbox.spawn(['run', DEAF, '--ready-timeout', '3']);
    await expectCleanFailure(result, ExitCode.notReady, /port 8080 did not open within 3s/);
  }, 60_000);

  it('exits 10 and removes the slim tag when the slim image lacks a file a probe needs', async () => {
    const image = 'minify-fixture/static-web:1.0';
    const result = await sandbox.spawn(['run', image, '--probe', 'probes/static-web.ts', '--exclude', '/var/www/html/about.html']);
    await expectCleanFailure(result, ExitCode.verifyFailed, /removed minify-fixture\/static-web:1.0-slim/);
    expect(result.stderr).toMatch(/verify failed: probe static-web\.ts failed .*about\.html/);
    expect(result.stderr).toMatch(/traced files left out of the slim image .*\/var\/www\/html\/about\.html/);
    expect(imageId(`${image}-slim`)).toBeUndefined();
  }, 120_000);

  it('exits 10 with --no-repair when a probe touches at verify a file it never touched while traced', async () => {
    // The probe keeps a counter beside it: the second run (verify) asks for a page the first did not.
    const counter = `${sandbox.tmp}/runs`;
    const fickle = await sandbox.probe('fickle.ts', [
      "import { existsSync, readFileSync, writeFileSync } from 'node:fs';",
      'export default async (ctx: any) => {',
      `  const runs = existsSync(${JSON.stringify(counter)}) ? Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;`,
      `  writeFileSync(${JSON.stringify(counter)}, String(runs + 1));`,
      "  await ctx.http.get('/', { port: 80, expect: { status: 200 } });",
      "  if (runs > 0) await ctx.http.get('/contact.html', { port: 80, expect: { status: 200 } });",
      '};',
    ].join('\n'));
    const image = 'minify-fixture/static-web:1.0';
    // Without --no-repair, the miss would be repaired (verify-repair.test.ts covers that).
    // --closure traced: component closure keeps the whole web root, so nothing would be missing.
    const result = await sandbox.spawn(['run', image, '--probe', fickle, '--no-repair', '--closure', 'traced']);
    await expectCleanFailure(result, ExitCode.verifyFailed, /removed minify-fixture\/static-web:1.0-slim/);
    expect(result.stderr).toMatch(/verify failed: probe fickle\.ts failed .*contact\.html.*404/);
    expect(result.stderr).toContain('slim lacks /var/www/html/contact.html (needed while probe fickle.ts ran)');
    expect(imageId(`${image}-slim`)).toBeUndefined();
  }, 120_000);

  it('a re-run that fails verification gives the tag back to the previous good slim image, and writes no --output', async () => {
    const image = 'minify-fixture/static-web:1.0';
    const good = await sandbox.spawn(['run', image, '--probe', 'probes/static-web.ts', '--quiet']);
    expect(good.code, good.stderr).toBe(ExitCode.ok);
    const goodId = imageId(`${image}-slim`);
    const tarPath = `${sandbox.tmp}/rejected.tar`;
    const bad = await sandbox.spawn(['run', image, '--probe', 'probes/static-web.ts', '--exclude', '/var/www/html/about.html', '--output', tarPath]);
    await expectCleanFailure(bad, ExitCode.verifyFailed, /the tag names the previous slim image again/);
    expect(imageId(`${image}-slim`)).toBe(goodId);
    expect(existsSync(tarPath)).toBe(false);
    removeTag(`${image}-slim`);
  }, 120_000);

  it('--keep-failed keeps the slim tag of a run that failed verification', async () => {
    const image = 'minify-fixture/static-web:1.0';
    const result = await sandbox.spawn(['run', image, '--probe', 'probes/static-web.ts', '--exclude', '/var/www/html/about.html', '--keep-failed']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(imageId(`${image}-slim`)).toBeDefined();
    removeTag(`${image}-slim`);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 120_000);

  it('exits 11 when the slim image is bigger than --max-size, and says by how much', async () => {
    const result = await sandbox.spawn(['run', 'minify-fixture/redis:1.0', '--probe', 'probes/redis.ts', '--max-size', '1MB', '--json']);
    await expectCleanFailure(result, ExitCode.gateExceeded, /slim image .* exceeds --max-size 1(\.0)? MB/);
    const report = JSON.parse(result.stdout) as { exitCode: number; failures: string[]; verified: string };
    expect(report).toMatchObject({ exitCode: ExitCode.gateExceeded, verified: 'passed' });
    expect(report.failures).toEqual([expect.stringMatching(/^gate failed: slim image/)]);
  }, 120_000);

  it('exits 130 on Ctrl-C while tracing and removes the trace container', async () => {
    const slow = await sandbox.probe('slow.ts', [
      'export default async (ctx: any) => {',
      "  ctx.log('waiting for Ctrl-C');",
      '  await new Promise((resolve) => setTimeout(resolve, 60_000));',
      '};',
    ].join('\n'));
    let sent = false;
    const result = await sandbox.spawn(['run', FRAGILE, '--probe', slow, '--tag', `${FRAGILE}-int`], (stderr, child) => {
      if (!sent && stderr.includes('waiting for Ctrl-C')) {
        sent = true;
        expect(docker(['ps', '-q', '--filter', 'label=minify.role=trace'])).not.toBe('');
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    await expectCleanFailure(result, ExitCode.interrupted, /interrupted/);
    expect(imageId(`${FRAGILE}-int`)).toBeUndefined();
  }, 120_000);
});
