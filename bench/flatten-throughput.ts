// Benchmark: list+flatten and write-layer throughput on a saved image (`npx tsx bench/flatten-throughput.ts [image]`).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import { openImageArchive } from '../src/image/archive.js';
import { flatten } from '../src/image/flatten.js';
import { listLayer } from '../src/image/list-layer.js';
import { archiveContent } from '../src/image/archive-content.js';
import { writeLayer } from '../src/image/write-layer.js';

const image = process.argv[2] ?? 'minify-fixture/base:bookworm';
const dir = await mkdtemp(join(tmpdir(), 'minify-bench-'));
try {
  const saved = join(dir, 'image.tar');
  await execa('/usr/bin/docker', ['save', '-o', saved, image]);
  const savedMb = (await stat(saved)).size / 1e6;
  let t = performance.now();
  const archive = await openImageArchive(saved);
  const listings = [];
  for (const layer of archive.layers) listings.push((await listLayer(layer)).listing);
  const manifest = flatten(listings);
  const listSec = (performance.now() - t) / 1000;
  t = performance.now();
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const { size } = await writeLayer({ content: archiveContent(archive, dir), manifest, keep: new Set(manifest.entries.keys()), out: sink });
  const writeSec = (performance.now() - t) / 1000;
  console.log(`image ${image}: ${archive.layers.length} layers, ${savedMb.toFixed(1)} MB saved, ${manifest.entries.size} paths`);
  console.log(`list+flatten: ${listSec.toFixed(2)} s, ${(savedMb / listSec).toFixed(1)} MB/s`);
  console.log(`write-layer (all files): ${writeSec.toFixed(2)} s, ${(size / 1e6 / writeSec).toFixed(1)} MB/s (${(size / 1e6).toFixed(1)} MB written)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
