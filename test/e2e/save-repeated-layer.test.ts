// An image with the same layer twice (COPY of one file twice): Docker 20.10's `docker save` stores the
// second copy as a symlink, and minify must still read, analyze and slim it. The file goes to `/`:
// copied into a dir, each layer would also hold that dir with the second it was written in, and the
// two layers would differ whenever the build crosses a second.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const IMAGE = `minify-test/repeated-layer:${uniqueId()}`;
let context = '';
const sandbox = useSandbox({ tags: [IMAGE, `${IMAGE}-slim`] });

beforeAll(async () => {
  context = await mkdtemp(join(tmpdir(), 'repeated-layer-'));
  await writeFile(join(context, 'greeting'), 'hello\n');
  await writeFile(join(context, 'Dockerfile'), [
    'FROM minify-fixture/base:bookworm',
    'COPY greeting /greeting',
    'COPY greeting /greeting',
    'CMD ["sleep", "600"]',
  ].join('\n'));
  execFileSync('/usr/bin/docker', ['build', '-q', '--network=none', '-t', IMAGE, context], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
}, 120_000);

afterAll(async () => {
  await rm(context, { recursive: true, force: true });
});

describe('an image whose docker save links a repeated layer', () => {
  it('is saved with a symlinked layer.tar, and minify analyze reads every layer', async () => {
    const listing = execFileSync('sh', ['-c', `/usr/bin/docker save ${IMAGE} | tar -tv`]).toString();
    expect(listing).toMatch(/layer\.tar -> \.\.\/[0-9a-f]{64}\/layer\.tar/);
    const result = await sandbox.spawn(['analyze', IMAGE, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { layers: unknown[] };
    expect(report.layers).toHaveLength(3);
  }, 120_000);

  it('minify run slims it', async () => {
    const result = await sandbox.spawn(['run', IMAGE, '--include', '/greeting', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(docker(['image', 'inspect', '--format', '{{.Size}}', `${IMAGE}-slim`])).toMatch(/^\d+$/);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 120_000);
});
