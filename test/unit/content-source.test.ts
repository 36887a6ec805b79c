// The archive ContentSource: read by offset or spooled from a gzipped layer, the written layer is the
// same; the layer's bytes follow path order, not layer order; a source that lies about a size is refused.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveContent } from '../../src/image/archive-content.js';
import { openImageArchive } from '../../src/image/archive.js';
import type { ContentSource } from '../../src/image/content-source.js';
import { flatten } from '../../src/image/flatten.js';
import { listLayer } from '../../src/image/list-layer.js';
import { writeLayer } from '../../src/image/write-layer.js';
import { imageFromFiles, type BuiltImage, type LayerSpec } from '../helpers/image-from-files.js';

const built: BuiltImage[] = [];
afterEach(async () => {
  await Promise.all(built.splice(0).map((b) => b.cleanup()));
});

const LAYERS: LayerSpec[] = [
  [{ name: 'z/late', content: 'z'.repeat(3000) }, { name: 'a/first', content: 'first' }, { name: 'm', content: 'old m' }],
  [{ name: 'b/second', content: 'second' }, { name: 'm', content: 'new m' }, { name: 'a/link', type: 'hardlink', linkTarget: 'b/second' }],
];

async function layerOf(gzip: boolean, keep: string[], source?: (archive: Awaited<ReturnType<typeof openImageArchive>>, dir: string) => ContentSource): Promise<Buffer> {
  const img = await imageFromFiles(LAYERS, { gzip });
  built.push(img);
  const archive = await openImageArchive(img.path);
  const listings = [];
  for (const l of archive.layers) listings.push((await listLayer(l)).listing);
  const manifest = flatten(listings);
  const out = join(img.dir, 'out.tar');
  const content = source ? source(archive, img.dir) : archiveContent(archive, img.dir);
  await writeLayer({ content, manifest, keep: new Set(keep), out: createWriteStream(out) });
  return readFile(out);
}

describe('archive content source', () => {
  it('gives the same layer read by offset and spooled from gzip, files in path order', async () => {
    const keep = ['/z/late', '/a/first', '/m', '/b/second', '/a/link'];
    const plain = await layerOf(false, keep);
    expect(plain.equals(await layerOf(true, keep))).toBe(true);
    const text = plain.toString('latin1');
    const order = ['a/first', 'b/second', 'm', 'z/late'].map((name) => text.indexOf(`${name}\0`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(text).toContain('new m');
    expect(text).not.toContain('old m');
  });

  it('refuses a source whose stream is shorter than the entry', async () => {
    const short = (archive: Awaited<ReturnType<typeof openImageArchive>>, dir: string): ContentSource => ({
      async *contents(requests) {
        for await (const item of archiveContent(archive, dir).contents(requests)) {
          for await (const _ of item.stream) void _;
          yield { request: item.request, stream: Readable.from([Buffer.from('x')]) };
        }
      },
    });
    await expect(layerOf(false, ['/z/late'], short)).rejects.toThrow(/has 1 bytes, not the 3000/);
  });
});
