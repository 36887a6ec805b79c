// write-layer round trip (write, re-list, same entries) and docker-archive manifest/diffId correctness.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { indexTar, openImageArchive } from '../../src/image/archive.js';
import { flatten } from '../../src/image/flatten.js';
import { listLayer } from '../../src/image/list-layer.js';
import { writeDockerArchive } from '../../src/image/write-archive.js';
import { archiveContent } from '../../src/image/archive-content.js';
import { writeLayer } from '../../src/image/write-layer.js';
import type { FileEntry, Layer, Manifest } from '../../src/types.js';
import { imageFromFiles, type BuiltImage } from '../helpers/image-from-files.js';

const built: BuiltImage[] = [];
afterEach(async () => {
  await Promise.all(built.splice(0).map((b) => b.cleanup()));
});

const CAP = Buffer.from('0100000200200000000000000000000000000000', 'hex');
const weird = 'n\u00e9\u00ff';

async function source(): Promise<{ img: BuiltImage; manifest: Manifest; archive: Awaited<ReturnType<typeof openImageArchive>> }> {
  const img = await imageFromFiles([
    [
      { name: 'bin/', type: 'dir' },
      { name: 'bin/busybox', content: 'BB'.repeat(700), mode: 0o755 },
      { name: 'bin/sh', type: 'hardlink', linkTarget: 'bin/busybox' },
      { name: 'usr/bin/su', content: 'su', mode: 0o4755, uid: 0, gid: 0 },
      { name: 'dev/null', type: 'char', devMajor: 1, devMinor: 3, mode: 0o666 },
      { name: 'gone', content: 'deleted later' },
    ],
    [
      { name: 'usr/bin/ping', content: 'ping', mode: 0o755, xattrs: { 'security.capability': CAP } },
      { name: 'bin/ls', type: 'hardlink', linkTarget: 'bin/busybox' },
      { name: `opt/${'p'.repeat(140)}/${weird}`, content: 'long', uid: 1000, gid: 1000, mtime: 1_600_000_000 },
      { name: 'etc/alt', type: 'symlink', linkTarget: '/etc/../../../root' },
      { name: '.wh.gone' },
    ],
  ], { gzip: true });
  built.push(img);
  const archive = await openImageArchive(img.path);
  const listings = [];
  for (const l of archive.layers) listings.push((await listLayer(l)).listing);
  return { img, manifest: flatten(listings), archive };
}

async function relist(path: string, index = 0): Promise<Manifest> {
  const fake: Layer = { index, diffId: '', storedSize: 0, open: async () => (await import('node:fs')).createReadStream(path) };
  return flatten([(await listLayer(fake)).listing]);
}

const strip = (e: FileEntry): object => ({ ...e, layerIndex: 0, mtime: e.mtime });

describe('image write', () => {
  it('write-layer round trip keeps every entry, bytes and metadata', async () => {
    const { img, manifest, archive } = await source();
    const out = join(img.dir, 'out.tar');
    const synthetic: FileEntry = { path: '/tmp', type: 'dir', mode: 0o1777, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: -1 };
    const { diffId, size } = await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(manifest.entries.keys()), extraEntries: [synthetic], out: createWriteStream(out) });
    const bytes = await readFile(out);
    expect(size).toBe(bytes.length);
    expect(diffId).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    const again = await relist(out);
    const want = new Map([...manifest.entries].map(([p, e]) => [p, strip(e)]));
    want.set('/tmp', strip(synthetic));
    expect(new Map([...again.entries].map(([p, e]) => [p, strip(e)]))).toEqual(want);
    expect(again.entries.get('/usr/bin/ping')?.xattrs?.['security.capability']?.equals(CAP)).toBe(true);
    expect(again.entries.get('/usr/bin/su')?.mode).toBe(0o4755);
    expect(again.entries.has('/gone')).toBe(false);
    // content check: read the busybox bytes back
    const fake: Layer = { index: 0, diffId, storedSize: size, open: async () => (await import('node:fs')).createReadStream(out) };
    const { inspected } = await listLayer(fake, { inspect: async (_e, c) => { let n = ''; for await (const x of c) n += (x as Buffer).toString('latin1'); return n; } });
    expect(inspected.get('/bin/busybox')).toBe('BB'.repeat(700));
    expect(inspected.get(`/opt/${'p'.repeat(140)}/${weird}`)).toBe('long');
  });

  it('a hardlink whose target is not kept is written as a file with the bytes', async () => {
    const { img, manifest, archive } = await source();
    const out = join(img.dir, 'partial.tar');
    await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(['/bin/sh', '/bin/ls']), out: createWriteStream(out) });
    const again = await relist(out);
    // Sorted order: /bin/ls comes first, carries the bytes; /bin/sh links to it.
    expect(again.entries.get('/bin/ls')).toMatchObject({ type: 'file', size: 1400, mode: 0o755 });
    expect(again.entries.get('/bin/sh')).toMatchObject({ type: 'hardlink', linkTarget: '/bin/ls', size: 1400 });
    expect(again.entries.get('/bin')?.type).toBe('dir');
    expect(again.entries.has('/bin/busybox')).toBe(false);
  });

  it('a hardlink whose target a later layer deleted is written as a file with the bytes', async () => {
    const img = await imageFromFiles([[{ name: 'a', content: 'payload' }, { name: 'c', content: 'old c' }], [{ name: 'b', type: 'hardlink', linkTarget: 'a' }, { name: 'd', type: 'hardlink', linkTarget: 'c' }], [{ name: '.wh.a' }, { name: 'c', content: 'new c!' }]]);
    built.push(img);
    const archive = await openImageArchive(img.path);
    const listings = [];
    for (const l of archive.layers) listings.push((await listLayer(l)).listing);
    const manifest = flatten(listings);
    const out = join(img.dir, 'orphan.tar');
    await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(['/b', '/c', '/d']), out: createWriteStream(out) });
    const fake: Layer = { index: 0, diffId: '', storedSize: 0, open: async () => (await import('node:fs')).createReadStream(out) };
    const { inspected, listing } = await listLayer(fake, { inspect: async (_e, c) => { let n = ''; for await (const x of c) n += (x as Buffer).toString('latin1'); return n; } });
    expect(Object.fromEntries(inspected)).toEqual({ '/b': 'payload', '/c': 'new c!', '/d': 'old c' });
    expect([...listing.entries].map((e) => e.type)).toEqual(['file', 'file', 'file']);
  });

  it('a generated file replaces the kept source file at its path and brings its parent dirs', async () => {
    const img = await imageFromFiles([[
      { name: 'var/', type: 'dir', mode: 0o755 },
      { name: 'var/lib/', type: 'dir', mode: 0o750, uid: 7 },
      { name: 'var/lib/db', content: 'the source has four packages', mode: 0o640, uid: 7, gid: 8, mtime: 1_650_000_000 },
      { name: 'bin/app', content: 'app', mode: 0o755 },
    ]]);
    built.push(img);
    const archive = await openImageArchive(img.path);
    const manifest = flatten([(await listLayer(archive.layers[0]!)).listing]);
    const source = manifest.entries.get('/var/lib/db')!;
    const content = Buffer.from('one package\n\u00e9', 'utf8');
    const out = join(img.dir, 'generated.tar');
    // The source file is kept too: the generated bytes win, with the source entry's mode, owner and mtime.
    await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(['/bin/app', '/var/lib/db']), generated: [{ entry: source, content }], out: createWriteStream(out) });
    const fake: Layer = { index: 0, diffId: '', storedSize: 0, open: async () => (await import('node:fs')).createReadStream(out) };
    const { inspected, listing } = await listLayer(fake, { inspect: async (_e, c) => { const parts: Buffer[] = []; for await (const x of c) parts.push(x as Buffer); return Buffer.concat(parts); } });
    expect(inspected.get('/var/lib/db')?.equals(content)).toBe(true);
    expect(inspected.get('/bin/app')?.toString()).toBe('app');
    const byPath = new Map([...listing.entries].map((e) => [e.path, e]));
    expect(byPath.get('/var/lib/db')).toMatchObject({ type: 'file', size: content.length, mode: 0o640, uid: 7, gid: 8, mtime: 1_650_000_000 });
    expect(byPath.get('/var/lib')).toMatchObject({ type: 'dir', mode: 0o750, uid: 7 });
    expect([...listing.entries].filter((e) => e.path === '/var/lib/db')).toHaveLength(1);
  });

  it('write-archive names layers by diffId and the config lists them', async () => {
    const { img, manifest, archive } = await source();
    const layerPath = join(img.dir, 'l.tar');
    const { diffId } = await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(manifest.entries.keys()), out: createWriteStream(layerPath) });
    const outPath = join(img.dir, 'archive.tar');
    const pass = new PassThrough();
    const chunks: Buffer[] = [];
    pass.on('data', (c: Buffer) => chunks.push(c));
    const { imageId } = await writeDockerArchive({ config: archive.config, layers: [{ path: layerPath, diffId }], repoTags: ['minify-test/x:1-slim'], out: pass });
    await writeFile(outPath, Buffer.concat(chunks));
    const reopened = await openImageArchive(outPath);
    expect(reopened.imageId).toBe(imageId);
    expect(reopened.repoTags).toEqual(['minify-test/x:1-slim']);
    expect(reopened.config.rootfs.diff_ids).toEqual([diffId]);
    expect(reopened.config.config).toEqual(archive.config.config);
    const fh = await open(outPath, 'r');
    const members = await indexTar(fh, (await fh.stat()).size);
    await fh.close();
    expect([...members.keys()]).toContain(`/${diffId.slice(7)}/layer.tar`);
    const hash = createHash('sha256');
    for await (const c of await reopened.layers[0]!.open()) hash.update(c as Buffer);
    expect(`sha256:${hash.digest('hex')}`).toBe(diffId);
  });

  it('write-archive in OCI layout: every blob matches its digest and index.json leads to config and layer', async () => {
    const { img, manifest, archive } = await source();
    const layerPath = join(img.dir, 'l.tar');
    const { diffId } = await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(manifest.entries.keys()), out: createWriteStream(layerPath) });
    const outPath = join(img.dir, 'oci.tar');
    const { imageId } = await writeDockerArchive({
      config: archive.config, layers: [{ path: layerPath, diffId }], repoTags: ['minify-test/x:1-slim'], out: createWriteStream(outPath), layout: 'oci',
    });
    const fh = await open(outPath, 'r');
    const members = await indexTar(fh, (await fh.stat()).size);
    const read = async (name: string): Promise<Buffer> => {
      const m = members.get(`/${name}`);
      if (!m) throw new Error(`missing ${name}`);
      const buf = Buffer.alloc(m.size);
      await fh.read(buf, 0, m.size, m.offset);
      return buf;
    };
    const blob = async (descriptor: { digest: string; size: number }): Promise<Buffer> => {
      const data = await read(`blobs/sha256/${descriptor.digest.slice(7)}`);
      expect(data.length).toBe(descriptor.size);
      expect(`sha256:${createHash('sha256').update(data).digest('hex')}`).toBe(descriptor.digest);
      return data;
    };
    try {
      expect(JSON.parse((await read('oci-layout')).toString())).toEqual({ imageLayoutVersion: '1.0.0' });
      const index = JSON.parse((await read('index.json')).toString()) as { manifests: Array<{ digest: string; size: number; mediaType: string; annotations: Record<string, string> }> };
      expect(index.manifests).toHaveLength(1);
      expect(index.manifests[0]!.annotations['org.opencontainers.image.ref.name']).toBe('1-slim');
      const ociManifest = JSON.parse((await blob(index.manifests[0]!)).toString()) as { config: { digest: string; size: number }; layers: Array<{ digest: string; size: number; mediaType: string }> };
      expect(ociManifest.config.digest).toBe(imageId);
      const config = JSON.parse((await blob(ociManifest.config)).toString()) as { rootfs: { diff_ids: string[] } };
      expect(config.rootfs.diff_ids).toEqual([diffId]);
      expect(ociManifest.layers.map((l) => [l.digest, l.mediaType])).toEqual([[diffId, 'application/vnd.oci.image.layer.v1.tar']]);
      await blob(ociManifest.layers[0]!);
    } finally {
      await fh.close();
    }
    // docker load (any version) reads the manifest.json that points into blobs/.
    const reopened = await openImageArchive(outPath);
    expect(reopened.imageId).toBe(imageId);
    expect(reopened.repoTags).toEqual(['minify-test/x:1-slim']);
  });

  it('a write error after the output accepted the bytes (ENOSPC) rejects the write instead of crashing', async () => {
    const { img, manifest, archive } = await source();
    // Accepts the first write, then fails while minify is busy reading (no write pending, no drain awaited).
    const fillsUp = (): Writable => {
      let writes = 0;
      const out: Writable = new Writable({
        write: (_chunk, _encoding, done) => {
          if (writes++ === 0) setImmediate(() => out.destroy(new Error('ENOSPC: no space left on device')));
          done();
        },
      });
      return out;
    };
    await expect(writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(manifest.entries.keys()), out: fillsUp() })).rejects.toThrow(/ENOSPC/);
    const layerPath = join(img.dir, 'l.tar');
    const { diffId } = await writeLayer({ content: archiveContent(archive, img.dir), manifest, keep: new Set(manifest.entries.keys()), out: createWriteStream(layerPath) });
    await expect(
      writeDockerArchive({ config: archive.config, layers: [{ path: layerPath, diffId }], repoTags: ['minify-test/x:1'], out: fillsUp() }),
    ).rejects.toThrow(/ENOSPC/);
  });
});
