// Reading docker-save archives (both layouts), listing layers and flattening them.
import { afterEach, describe, expect, it } from 'vitest';
import { openImageArchive } from '../../src/image/archive.js';
import { flatten } from '../../src/image/flatten.js';
import { listLayer } from '../../src/image/list-layer.js';
import { UnsafeImageError } from '../../src/errors.js';
import type { Manifest } from '../../src/types.js';
import { imageFromFiles, type BuiltImage, type ImageFromFilesOptions, type LayerSpec } from '../helpers/image-from-files.js';

const built: BuiltImage[] = [];
afterEach(async () => {
  await Promise.all(built.splice(0).map((b) => b.cleanup()));
});

async function load(layers: LayerSpec[], opts: ImageFromFilesOptions = {}): Promise<Manifest> {
  const img = await imageFromFiles(layers, opts);
  built.push(img);
  const archive = await openImageArchive(img.path);
  const listings = [];
  for (const layer of archive.layers) listings.push((await listLayer(layer)).listing);
  return flatten(listings);
}

const CAP = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

describe('image layers', () => {
  it('reads both archive layouts, gzip layers and history', async () => {
    for (const [layout, ociManifestJson] of [['legacy', true], ['oci', true], ['oci', false]] as const) {
      for (const gzip of [false, true]) {
        const img = await imageFromFiles([[{ name: 'etc/', type: 'dir' }, { name: 'etc/a', content: 'one' }], [{ name: 'etc/b', content: 'two' }]], { layout, gzip, ociManifestJson, createdBy: ['RUN a', 'RUN b'] });
        built.push(img);
        const archive = await openImageArchive(img.path);
        expect(archive.repoTags).toEqual(ociManifestJson ? ['test/image:1'] : []);
        expect(archive.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);
        expect(archive.layers.map((l) => l.createdBy)).toEqual(['RUN a', 'RUN b']);
        const seen: string[] = [];
        const { inspected } = await listLayer(archive.layers[0]!, {
          inspect: async (entry, content) => {
            let text = '';
            for await (const c of content) text += (c as Buffer).toString();
            seen.push(entry.path);
            return text;
          },
        });
        expect(seen).toEqual(['/etc/a']);
        expect(inspected.get('/etc/a')).toBe('one');
      }
    }
  });

  it('applies whiteouts to the subtree of lower layers', async () => {
    const m = await load([
      [{ name: 'a/', type: 'dir' }, { name: 'a/x/y', content: '1' }, { name: 'a/keep', content: '2' }],
      [{ name: 'a/.wh.x', content: '' }],
    ]);
    expect([...m.entries.keys()]).toEqual(['/a', '/a/keep']);
  });

  it('opaque dir hides lower children but keeps its own', async () => {
    const m = await load([
      [{ name: 'd/old', content: '1' }],
      [{ name: 'd/', type: 'dir', mode: 0o700 }, { name: 'd/.wh..wh..opq' }, { name: 'd/new', content: '2' }],
    ]);
    expect([...m.entries.keys()]).toEqual(['/d', '/d/new']);
    expect(m.entries.get('/d')?.mode).toBe(0o700);
  });

  it('resolves hardlinks across layers', async () => {
    const m = await load([[{ name: 'bin/a', content: 'elf', mode: 0o755 }], [{ name: 'bin/b', type: 'hardlink', linkTarget: 'bin/a' }]]);
    expect(m.entries.get('/bin/b')).toMatchObject({ type: 'hardlink', linkTarget: '/bin/a', size: 3, layerIndex: 0 });
    const orphan = await load([[{ name: 'a', content: 'x' }], [{ name: 'b', type: 'hardlink', linkTarget: 'a' }], [{ name: '.wh.a' }]]);
    expect(orphan.entries.has('/a')).toBe(false);
    expect(orphan.entries.get('/b')).toMatchObject({ type: 'hardlink', linkTarget: '/a', layerIndex: 0, size: 1 });
    await expect(load([[{ name: 'b', type: 'hardlink', linkTarget: '../etc/shadow' }]])).rejects.toThrow(UnsafeImageError);
  });

  it('file replaced by dir drops nothing but the file', async () => {
    const m = await load([[{ name: 'x', content: 'file' }], [{ name: 'x/', type: 'dir' }, { name: 'x/in', content: 'i' }]]);
    expect(m.entries.get('/x')?.type).toBe('dir');
    expect(m.entries.get('/x/in')?.type).toBe('file');
  });

  it('dir replaced by file drops the old subtree', async () => {
    const m = await load([[{ name: 'y/', type: 'dir' }, { name: 'y/z', content: 'z' }], [{ name: 'y', content: 'now a file' }]]);
    expect(m.entries.get('/y')?.type).toBe('file');
    expect(m.entries.has('/y/z')).toBe(false);
  });

  it('keeps the setuid bit', async () => {
    const m = await load([[{ name: 'usr/bin/sudo', content: 'x', mode: 0o4755 }]]);
    expect(m.entries.get('/usr/bin/sudo')?.mode).toBe(0o4755);
  });

  it('keeps a file capability (security.capability xattr)', async () => {
    const m = await load([[{ name: 'usr/bin/ping', content: 'y', mode: 0o755, xattrs: { 'security.capability': CAP } }]]);
    expect(m.entries.get('/usr/bin/ping')?.xattrs?.['security.capability']?.equals(CAP)).toBe(true);
  });

  it('keeps device nodes', async () => {
    const m = await load([[{ name: 'dev/null', type: 'char', mode: 0o666, devMajor: 1, devMinor: 3 }]]);
    expect(m.entries.get('/dev/null')).toMatchObject({ type: 'char', devMajor: 1, devMinor: 3, mode: 0o666 });
  });

  it('reads long (PAX) names and makes their missing parent dirs', async () => {
    const long = `deep/${'d'.repeat(120)}/${'f'.repeat(150)}`;
    const m = await load([[{ name: long, content: 'long' }]]);
    expect(m.entries.get(`/${long}`)?.size).toBe(4);
    expect(m.entries.get('/deep')).toMatchObject({ type: 'dir', mode: 0o755 });
  });

  it('keeps non-UTF-8 names byte for byte, also as link targets', async () => {
    const weird = 'caf\u00e9\u00ff'; // raw bytes e9 ff: not UTF-8
    const m = await load([[{ name: weird, content: 'w', type: 'file' }, { name: 'lnk', type: 'symlink', linkTarget: weird }]]);
    expect(m.entries.get(`/${weird}`)?.type).toBe('file');
    expect(m.entries.get('/lnk')?.linkTarget).toBe(weird);
  });

  it('rejects a layer that holds the same file twice (which copy wins is ambiguous)', async () => {
    await expect(load([[{ name: 'etc/app.conf', content: 'one' }, { name: 'etc/app.conf', content: 'two' }]])).rejects.toThrow(/holds \/etc\/app\.conf twice/);
  });

  it('rejects ../ entries', async () => {
    await expect(load([[{ name: '../../etc/passwd', content: 'root' }]])).rejects.toThrow(/escapes the root/);
  });

  it('keeps absolute symlinks as links and refuses writes through them', async () => {
    const m = await load([[{ name: 'etc/', type: 'dir' }, { name: 'a', type: 'symlink', linkTarget: '/etc' }, { name: 'up', type: 'symlink', linkTarget: '../../..' }]]);
    expect(m.entries.get('/a')).toMatchObject({ type: 'symlink', linkTarget: '/etc' });
    expect(m.entries.get('/up')?.linkTarget).toBe('../../..');
    await expect(load([[{ name: 'a', type: 'symlink', linkTarget: '/etc' }, { name: 'a/passwd', content: 'evil' }]])).rejects.toThrow(/through the symlink/);
    await expect(load([[{ name: 'a', type: 'symlink', linkTarget: '/etc' }], [{ name: 'a/passwd', content: 'evil' }]])).rejects.toThrow(/through the symlink/);
  });

  it('symlink to a dir stays a symlink; the dir keeps its children', async () => {
    const m = await load([[{ name: 'usr/lib/x', content: '1' }, { name: 'lib', type: 'symlink', linkTarget: 'usr/lib' }]]);
    expect(m.entries.get('/lib')).toMatchObject({ type: 'symlink', linkTarget: 'usr/lib' });
    expect(m.entries.has('/usr/lib/x')).toBe(true);
    expect(m.entries.has('/lib/x')).toBe(false);
  });
});
