// `docker save` before Docker 25 writes a layer that occurs twice as a symlink to the first copy;
// such links are followed inside the archive, and never out of it.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { openImageArchive } from '../../src/image/archive.js';
import { listLayer } from '../../src/image/list-layer.js';
import { useTempDirs } from './temp-dirs.js';

const tempDir = useTempDirs('archive-links-');

function layerTar(): Promise<Buffer> {
  const inner = pack();
  inner.entry({ name: 'a', mode: 0o644 }, 'hi\n');
  inner.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    inner.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    inner.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** A legacy save whose second layer is `second/layer.tar -> <linkTarget>`. */
async function legacySave(linkTarget: string): Promise<string> {
  const dir = await tempDir();
  const layer = await layerTar();
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [diffId, diffId] } }));
  const outer = pack();
  outer.entry({ name: 'first/', type: 'directory' });
  outer.entry({ name: 'first/layer.tar' }, layer);
  outer.entry({ name: 'second/', type: 'directory' });
  outer.entry({ name: 'second/layer.tar', type: 'symlink', linkname: linkTarget });
  outer.entry({ name: 'config.json' }, config);
  outer.entry({ name: 'manifest.json' }, JSON.stringify([{ Config: 'config.json', RepoTags: ['x:1'], Layers: ['first/layer.tar', 'second/layer.tar'] }]));
  outer.finalize();
  const path = join(dir, 'save.tar');
  await pipeline(outer, createWriteStream(path));
  return path;
}

describe('docker save archives with symlinked layers', () => {
  it('reads a layer stored as a symlink to an identical earlier layer', async () => {
    const archive = await openImageArchive(await legacySave('../first/layer.tar'));
    expect(archive.layers).toHaveLength(2);
    const second = await listLayer(archive.layers[1]!);
    expect([...second.listing.entries].map((entry) => entry.path)).toEqual(['/a']);
  });

  it('never follows a link out of the archive: ../../etc/passwd is clamped inside it and not found', async () => {
    await expect(openImageArchive(await legacySave('../../../../etc/passwd'))).rejects.toThrow(/missing layer second\/layer.tar/);
  });
});
