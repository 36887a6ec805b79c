// Image round trips: load a hand-made docker-archive, inspect, tag, save, remove; a bad tar surfaces an error.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, type Engine } from '../../src/engine/connect.js';
import { inspectImage, loadImage, removeImage, saveImage, tagImage } from '../../src/engine/images.js';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { streamDockerArchive } from '../../src/image/write-archive.js';

const tag = `t${randomUUID().slice(0, 8)}`;
const repo = 'minify-test/tiny';
let engine: Engine;
let dir: string;

async function tarOf(entries: Array<{ name: string; content: Buffer }>): Promise<Buffer> {
  const p = pack();
  for (const e of entries) p.entry({ name: e.name, size: e.content.length, mode: 0o644 }, e.content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A one-layer scratch image as `docker save` (legacy layout) would write it. */
async function tinyArchive(): Promise<Buffer> {
  const layer = await tarOf([{ name: 'hello.txt', content: Buffer.from('hello\n') }]);
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['/hello'] }, rootfs: { type: 'layers', diff_ids: [diffId] },
  }));
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [`${repo}:${tag}`], Layers: ['l/layer.tar'] }]));
  return tarOf([
    { name: configName, content: config },
    { name: 'l/layer.tar', content: layer },
    { name: 'manifest.json', content: manifest },
  ]);
}

beforeAll(async () => {
  engine = await connectEngine();
  dir = await mkdtemp(join(tmpdir(), 'minify-engine-images-'));
});
afterAll(async () => {
  await removeImage(engine, `${repo}:${tag}`);
  await removeImage(engine, `${repo}:${tag}-copy`);
  await rm(dir, { recursive: true, force: true });
});

describe('images', () => {
  it('loads, inspects, tags, saves and removes an image', async () => {
    const tar = join(dir, 'tiny.tar');
    await writeFile(tar, await tinyArchive());
    await loadImage(engine, tar);
    const info = await inspectImage(engine, `${repo}:${tag}`);
    expect(info.config.Cmd).toEqual(['/hello']);
    expect(info.size).toBe(6);
    await tagImage(engine, info.id, repo, `${tag}-copy`);
    expect((await inspectImage(engine, `${repo}:${tag}-copy`)).id).toBe(info.id);
    const saved = join(dir, 'saved.tar');
    await saveImage(engine, `${repo}:${tag}`, saved);
    expect((await stat(saved)).size).toBeGreaterThan(2048);
    await removeImage(engine, `${repo}:${tag}-copy`);
    await removeImage(engine, `${repo}:${tag}`);
    await removeImage(engine, `${repo}:${tag}`);
    const gone = await inspectImage(engine, `${repo}:${tag}`).catch((e: unknown) => e);
    expect((gone as MinifyError).code).toBe(ExitCode.notFound);
  });

  it('surfaces the engine error for a tar that is not an image', async () => {
    const tar = join(dir, 'junk.tar');
    await writeFile(tar, await tarOf([{ name: 'readme.txt', content: Buffer.from('not an image') }]));
    await expect(loadImage(engine, tar)).rejects.toThrow(/docker load|manifest|json/i);
  });

  it('loads a streamed archive, and a stream whose writer fails loads nothing', async () => {
    const layer = await tarOf([{ name: 'streamed.txt', content: Buffer.from('streamed\n') }]);
    const layerPath = join(dir, 'streamed-layer.tar');
    await writeFile(layerPath, layer);
    const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
    const config = { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers' as const, diff_ids: [] } };
    const ref = `${repo}:${tag}-streamed`;
    await loadImage(engine, streamDockerArchive({ config, layers: [{ path: layerPath, diffId }], repoTags: [ref] }));
    expect((await inspectImage(engine, ref)).size).toBe(9);
    await removeImage(engine, ref);
    const broken = streamDockerArchive({ config, layers: [{ path: join(dir, 'no-such-layer.tar'), diffId }], repoTags: [ref] });
    await expect(loadImage(engine, broken)).rejects.toThrow();
    const gone = await inspectImage(engine, ref).catch((e: unknown) => e);
    expect((gone as MinifyError).code).toBe(ExitCode.notFound);
  });
});
