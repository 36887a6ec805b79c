// Writes one layer tar of the kept paths, copying bytes from the source layers, and computes its diffId.
import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { OutputSink } from './output-sink.js';
import { extract } from 'tar-stream';
import { UnsafeImageError } from '../errors.js';
import type { FileEntry, ImageArchive, ImagePath, Manifest } from '../types.js';
import { displayPath, normalizeTarPath, parentPath } from './paths.js';
import type { TarHeader } from './list-layer.js';
import { useLatin1Pax } from './tar-latin1.js';
import { encodeHeader, padding } from './tar-header.js';

export interface WriteLayerOptions {
  readonly archive: ImageArchive;
  readonly manifest: Manifest;
  readonly keep: ReadonlySet<ImagePath>;
  /** Entries with no source layer (layerIndex -1): dirs, symlinks, empty files the planner invents. */
  readonly extraEntries?: readonly FileEntry[];
  /** Files whose bytes minify made (a trimmed package DB): written in place of any source file at that path. */
  readonly generated?: readonly GeneratedFile[];
  readonly out: Writable;
}

/** A regular file with content from memory; `entry` carries path, mode, owner and mtime (its size is the content's). */
export interface GeneratedFile {
  readonly entry: FileEntry;
  readonly content: Buffer;
}

/** The layer's bytes as they are written: their sha256 is the diffId. */
class TarSink extends OutputSink {
  readonly hash = createHash('sha256');
  size = 0;

  override async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    await super.write(chunk);
  }
}

const key = (e: { layerIndex: number; path: ImagePath }): string => `${e.layerIndex}\0${e.path}`;

const byPath = (a: FileEntry, b: FileEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Streams each needed source layer once; dirs first, then links/devices, files, then hardlinks. Ends `out`. */
export async function writeLayer(opts: WriteLayerOptions): Promise<{ diffId: string; size: number }> {
  useLatin1Pax();
  const sink = new TarSink(opts.out);
  const entries = new Map<ImagePath, FileEntry>();
  for (const p of opts.keep) {
    const e = opts.manifest.entries.get(p);
    if (!e) continue;
    entries.set(p, e);
    addParents(entries, opts.manifest, p);
  }
  const generated = new Map((opts.generated ?? []).map((file) => [file.entry.path, file]));
  for (const { entry } of generated.values()) {
    entries.set(entry.path, { ...entry, type: 'file', layerIndex: -1 });
    addParents(entries, opts.manifest, entry.path);
  }
  for (const e of opts.extraEntries ?? []) if (!entries.has(e.path)) entries.set(e.path, { ...e, size: e.type === 'file' ? 0 : e.size });
  const all = [...entries.values()].sort(byPath);
  for (const e of all) if (e.type === 'dir') await sink.write(encodeHeader(e));
  for (const e of all) {
    if (e.type === 'symlink' || e.type === 'char' || e.type === 'block' || e.type === 'fifo') await sink.write(encodeHeader(e));
    const made = e.type === 'file' && e.layerIndex < 0 ? generated.get(e.path) : undefined;
    if (made) {
      await sink.write(encodeHeader(e, { size: made.content.length }));
      await sink.write(made.content);
      await sink.write(Buffer.alloc(padding(made.content.length)));
    } else if (e.type === 'file' && e.layerIndex < 0) await sink.write(encodeHeader(e, { size: 0 }));
  }
  // Regular files to copy, keyed by the path whose bytes the source layer holds.
  const wanted = new Map<ImagePath, { entry: FileEntry; asPath: FileEntry }>();
  const laterLinks: { entry: FileEntry; to: ImagePath }[] = [];
  for (const e of all) {
    if (e.type === 'file' && e.layerIndex >= 0) wanted.set(key(e), { entry: e, asPath: e });
  }
  for (const e of all) {
    if (e.type !== 'hardlink') continue;
    const current = opts.manifest.entries.get(e.linkTarget ?? '');
    // The target may be gone or replaced in a later layer: the bytes still sit under linkTarget in e's layer.
    const target: FileEntry = current?.type === 'file' && current.layerIndex === e.layerIndex
      ? current
      : { ...e, type: 'file', path: e.linkTarget ?? '' };
    if (!target.path || target.layerIndex < 0) throw new UnsafeImageError(`hardlink ${displayPath(e.path)} has no file to point to`);
    const holder = wanted.get(key(target));
    if (holder) laterLinks.push({ entry: e, to: holder.asPath.path });
    else wanted.set(key(target), { entry: target, asPath: e });
  }
  const layers = new Set([...wanted.values()].map((w) => w.entry.layerIndex));
  for (const layer of opts.archive.layers) {
    if (!layers.has(layer.index)) continue;
    await copyFromLayer({ source: await layer.open(), layerIndex: layer.index, wanted, sink });
  }
  for (const w of wanted.values()) {
    if (!w.entry.path) continue;
    throw new UnsafeImageError(`layer ${w.entry.layerIndex} lacks ${displayPath(w.entry.path)} that its listing had`);
  }
  for (const link of laterLinks) await sink.write(encodeHeader(link.entry, { type: 'hardlink', link: link.to.slice(1) }));
  await sink.write(Buffer.alloc(1024));
  await sink.end();
  return { diffId: `sha256:${sink.hash.digest('hex')}`, size: sink.size };
}

/** The source's dirs above `path`, so a kept or generated file lands with its parents' modes and owners. */
function addParents(entries: Map<ImagePath, FileEntry>, manifest: Manifest, path: ImagePath): void {
  for (let a = parentPath(path); a !== '/' && !entries.has(a); a = parentPath(a)) {
    const parent = manifest.entries.get(a);
    if (parent?.type === 'dir') entries.set(a, parent);
  }
}

async function copyFromLayer(opts: { source: Readable; layerIndex: number; wanted: Map<ImagePath, { entry: FileEntry; asPath: FileEntry }>; sink: TarSink }): Promise<void> {
  const ex = (extract as unknown as (o: object) => AsyncIterable<Readable & { header: TarHeader }> & NodeJS.WritableStream & { destroy(e?: Error): void })({ filenameEncoding: 'latin1' });
  opts.source.on('error', (e) => ex.destroy(e));
  opts.source.pipe(ex);
  for await (const stream of ex) {
    const h = stream.header;
    const isFile = h.type === 'file' || h.type === 'contiguous-file';
    const path = isFile ? normalizeTarPath(h.name) : undefined;
    const k = path !== undefined ? key({ layerIndex: opts.layerIndex, path }) : '';
    const w = opts.wanted.get(k);
    if (w && (h.size ?? 0) === w.entry.size) {
      opts.wanted.delete(k);
      await opts.sink.write(encodeHeader(w.asPath, { type: 'file', size: w.entry.size }));
      let copied = 0;
      for await (const chunk of stream) {
        copied += (chunk as Buffer).length;
        await opts.sink.write(chunk as Buffer);
      }
      if (copied !== w.entry.size) throw new UnsafeImageError(`layer ${opts.layerIndex} entry ${displayPath(w.entry.path)} is truncated`);
      await opts.sink.write(Buffer.alloc(padding(copied)));
    } else {
      for await (const _ of stream) void _;
    }
  }
}
