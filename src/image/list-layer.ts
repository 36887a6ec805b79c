// Streams one layer tar and turns its headers into validated LayerEntries (whiteouts, xattrs, links).
import type { Readable } from 'node:stream';
import { UnsafeImageError } from '../errors.js';
import type { FileType, ImagePath, Layer, LayerEntry, LayerListing } from '../types.js';
import { CompactListing } from './compact-listing.js';
import { displayPath, normalizeTarPath, parentPath } from './paths.js';
import { latin1TarEntries, type TarHeader } from './tar-latin1.js';

export interface ListLayerOptions<T> {
  /** Called per regular file; must consume `content` (the lister drains whatever is left). */
  readonly inspect?: (entry: LayerEntry, content: Readable) => Promise<T | undefined>;
}

const TYPES: Record<string, FileType | undefined> = {
  file: 'file', 'contiguous-file': 'file', directory: 'dir', symlink: 'symlink', link: 'hardlink',
  'character-device': 'char', 'block-device': 'block', fifo: 'fifo',
};

/** Turns one tar header into a LayerEntry (undefined for header types a rootfs ignores). */
export function toLayerEntry(h: TarHeader): LayerEntry | undefined {
  const type = TYPES[h.type ?? 'file'];
  if (!type) return undefined;
  const path = normalizeTarPath(h.name);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dir = parentPath(path);
  let whiteout: LayerEntry['whiteout'];
  if (base === '.wh..wh..opq') whiteout = { kind: 'opaque', dir };
  else if (base.startsWith('.wh.') && base.length > 4) whiteout = { kind: 'delete', target: dir === '/' ? `/${base.slice(4)}` : `${dir}/${base.slice(4)}` };
  let linkTarget: ImagePath | undefined;
  if (type === 'hardlink') linkTarget = normalizeTarPath(h.linkname ?? '');
  else if (type === 'symlink') linkTarget = h.linkname ?? '';
  let xattrs: Record<string, Buffer> | undefined;
  for (const [key, value] of Object.entries(h.pax ?? {})) {
    if (!key.startsWith('SCHILY.xattr.')) continue;
    (xattrs ??= {})[key.slice('SCHILY.xattr.'.length)] = Buffer.from(value, 'latin1');
  }
  const mtime = h.mtime instanceof Date ? Math.floor(h.mtime.getTime() / 1000) : 0;
  return {
    path, type, mode: (h.mode ?? 0) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0,
    size: type === 'file' ? (h.size ?? 0) : 0, mtime,
    ...(linkTarget !== undefined ? { linkTarget } : {}),
    ...(type === 'char' || type === 'block' ? { devMajor: h.devmajor ?? 0, devMinor: h.devminor ?? 0 } : {}),
    ...(xattrs ? { xattrs } : {}),
    ...(whiteout ? { whiteout } : {}),
  };
}

/** Tracks symlinks seen so far in the image so nothing is written through one. */
export class LinkGuard {
  private readonly symlinks = new Set<ImagePath>();

  constructor(earlier?: Iterable<ImagePath>) {
    for (const p of earlier ?? []) this.symlinks.add(p);
  }

  check(entry: LayerEntry): void {
    for (let p = parentPath(entry.path); p !== '/'; p = parentPath(p)) {
      if (this.symlinks.has(p)) {
        throw new UnsafeImageError(`tar entry ${displayPath(entry.path)} is written through the symlink ${displayPath(p)}`);
      }
    }
    if (entry.whiteout) return;
    if (entry.type === 'symlink') this.symlinks.add(entry.path);
    else this.symlinks.delete(entry.path);
  }
}

/** Streams `layer` once; returns its listing and what `inspect` returned per regular file. */
export async function listLayer<T = never>(
  layer: Layer,
  opts: ListLayerOptions<T> & { guard?: LinkGuard } = {},
): Promise<{ listing: LayerListing; inspected: Map<ImagePath, T> }> {
  const entries = new CompactListing();
  const inspected = new Map<ImagePath, T>();
  const guard = opts.guard ?? new LinkGuard();
  const source = await layer.open();
  const ex = latin1TarEntries(source);
  const files = new Set<ImagePath>();
  try {
    for await (const stream of ex) {
      const entry = toLayerEntry(stream.header);
      if (entry) {
        guard.check(entry);
        if (entry.type === 'file' && !entry.whiteout) {
          // Docker never writes a path twice in one layer; a tar that does is ambiguous (tar keeps
          // the last copy, a streaming reader may take the first).
          if (files.has(entry.path)) throw new UnsafeImageError(`layer ${layer.index} holds ${displayPath(entry.path)} twice`);
          files.add(entry.path);
        }
        entries.push(entry);
        if (entry.type === 'file' && !entry.whiteout && opts.inspect) {
          const value = await opts.inspect(entry, stream);
          if (value !== undefined) inspected.set(entry.path, value);
        }
      }
      // tar-stream (streamx) moves to the next header once this entry is drained.
      stream.resume();
    }
  } catch (error) {
    // Stop reading the layer file: its handle must not outlive a rejected tar.
    source.destroy();
    throw error;
  }
  return { listing: { layerIndex: layer.index, entries }, inspected };
}
