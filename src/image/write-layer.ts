// Writes one layer tar of the kept paths, headers from the Manifest and bytes from a ContentSource,
// and computes its diffId. The order depends on the Manifest alone, so every source gives the same bytes.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { OutputSink } from './output-sink.js';
import { UnsafeImageError } from '../errors.js';
import type { FileEntry, ImagePath, Manifest } from '../types.js';
import type { ContentRequest, ContentSource } from './content-source.js';
import { displayPath, parentPath } from './paths.js';
import { useLatin1Pax } from './tar-latin1.js';
import { encodeHeader, padding } from './tar-header.js';

export interface WriteLayerOptions {
  /** The bytes of the kept regular files (the saved archive, or a container of the source image). */
  readonly content: ContentSource;
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

/** Dirs first, then links/devices/generated files, then files with bytes (path order), then hardlinks. Ends `out`. */
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
  // Bytes in path order of the path that carries them: no layer or tar order leaks into the output.
  const requests: (ContentRequest & { asPath: FileEntry })[] = [...wanted.values()]
    .map((w) => ({ entry: w.entry, finalPath: w.asPath.path, asPath: w.asPath }))
    .sort((a, b) => (a.finalPath < b.finalPath ? -1 : a.finalPath > b.finalPath ? 1 : 0));
  let next = 0;
  for await (const { request, stream } of opts.content.contents(requests)) {
    const want = requests[next++];
    if (request !== want) throw new Error(`content source yielded ${displayPath(request.finalPath)} out of order`);
    await sink.write(encodeHeader(want.asPath, { type: 'file', size: want.entry.size }));
    let copied = 0;
    for await (const chunk of stream) {
      copied += (chunk as Buffer).length;
      if (copied > want.entry.size) {
        stream.destroy();
        break;
      }
      await sink.write(chunk as Buffer);
    }
    if (copied !== want.entry.size) throw new UnsafeImageError(`${displayPath(want.finalPath)} has ${copied} bytes, not the ${want.entry.size} of layer ${want.entry.layerIndex}`);
    await sink.write(Buffer.alloc(padding(copied)));
  }
  if (next !== requests.length) throw new Error(`content source gave ${next} of ${requests.length} files`);
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
