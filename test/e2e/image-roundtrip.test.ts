// docker save → open → list → flatten → write every file → write-archive → docker load → same output,
// for the base image (a shell's view) and the layered static-web fixture (what it serves).
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImageArchive } from '../../src/image/archive.js';
import { flatten } from '../../src/image/flatten.js';
import { listLayer } from '../../src/image/list-layer.js';
import { writeDockerArchive } from '../../src/image/write-archive.js';
import { archiveContent } from '../../src/image/archive-content.js';
import { writeLayer } from '../../src/image/write-layer.js';
import type { Manifest } from '../../src/types.js';
import { fetchFromImage } from './run-harness.js';

const DOCKER = '/usr/bin/docker';
const SOURCE = 'minify-fixture/base:bookworm';
const TAG = `minify-test/image-roundtrip:${process.pid}`;
const WEB = 'minify-fixture/static-web:1.0';
const WEB_TAG = `minify-test/image-roundtrip-web:${process.pid}`;
const RUN = `image-roundtrip-${process.pid}`;
const CMD = ['/bin/sh', '-c', 'cat /etc/debian_version; ls -la /usr/bin | wc -l; ls -l /bin/su /usr/bin/passwd | cut -c1-10; readlink /lib64/ld-linux-x86-64.so.2'];

let dir = '';

async function runIn(image: string): Promise<string> {
  const { stdout } = await execa(DOCKER, ['run', '--rm', '--label', `minify.run=${RUN}`, '--network', 'none', '--entrypoint', '', image, ...CMD]);
  return stdout;
}

describe('image round trip', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'minify-image-e2e-'));
  });
  afterAll(async () => {
    const { stdout } = await execa(DOCKER, ['ps', '-aq', '--filter', `label=minify.run=${RUN}`], { reject: false });
    if (stdout.trim()) await execa(DOCKER, ['rm', '-f', ...stdout.trim().split('\n')], { reject: false });
    await execa(DOCKER, ['rmi', '-f', TAG, WEB_TAG], { reject: false });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds base:bookworm as one flattened layer that runs identically', async () => {
    const tag = await roundTrip(SOURCE, TAG, (manifest) => expect(manifest.entries.get('/etc/debian_version')?.type).toBe('file'));
    const [want, got] = [await runIn(SOURCE), await runIn(tag)];
    expect(want).toMatch(/^\d+\.\d+/);
    expect(got).toBe(want);
  }, 300_000);

  it('rebuilds the layered static-web fixture as one layer that serves the same bytes', async () => {
    const tag = await roundTrip(WEB, WEB_TAG, (manifest) => expect(manifest.entries.get('/var/www/html/index.html')?.type).toBe('file'));
    const paths = ['/', '/css/style.css', '/missing'];
    const [want, got] = [await fetchFromImage(WEB, 80, paths), await fetchFromImage(tag, 80, paths)];
    expect(want.map((r) => r.status)).toEqual([200, 200, 404]);
    expect(got).toEqual(want);
  }, 300_000);
});

/** save → open → list → flatten → write every file as one layer → write-archive → load, as `tag`. */
async function roundTrip(source: string, tag: string, check: (manifest: Manifest) => void): Promise<string> {
  const saved = join(dir, `${tag.replace(/\W/g, '_')}-saved.tar`);
  await execa(DOCKER, ['save', '-o', saved, source]);
  const archive = await openImageArchive(saved);
  expect(archive.layers.length).toBeGreaterThan(0);
  const listings = [];
  for (const layer of archive.layers) listings.push((await listLayer(layer)).listing);
  const manifest = flatten(listings);
  check(manifest);
  const layerPath = join(dir, `${tag.replace(/\W/g, '_')}-layer.tar`);
  const { diffId } = await writeLayer({ content: archiveContent(archive, dir), manifest, keep: new Set(manifest.entries.keys()), out: createWriteStream(layerPath) });
  const outPath = join(dir, `${tag.replace(/\W/g, '_')}-out.tar`);
  await writeDockerArchive({ config: { ...archive.config, history: [{ created_by: 'minify image-roundtrip test' }] }, layers: [{ path: layerPath, diffId }], repoTags: [tag], out: createWriteStream(outPath) });
  await execa(DOCKER, ['load', '-i', outPath]);
  const { stdout: ids } = await execa(DOCKER, ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', tag]);
  expect(JSON.parse(ids)).toEqual([diffId]);
  return tag;
}
