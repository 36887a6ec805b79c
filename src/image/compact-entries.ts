// Pure: the Manifest's path → FileEntry map, stored by column (one string per path, typed arrays for
// the numbers, a side table for the rare links, devices and xattrs). A FileEntry object is made on each
// access and not kept, so a big image costs ~150 bytes a path instead of ~530 (issue 14, growth).
import type { FileEntry, ImagePath } from '../types.js';
import { FILE_TYPES, fileTypeCode, rareFields } from './entry-columns.js';

/** The optional fields, kept only for the entries that have one. */
const RARE_KEYS = ['linkTarget', 'devMajor', 'devMinor', 'xattrs'] as const;
type Rare = Pick<FileEntry, (typeof RARE_KEYS)[number]>;

const byPath = (a: ImagePath, b: ImagePath): number => (a < b ? -1 : a > b ? 1 : 0);

/** One entry's fields as the columns hold them: a builder fills the same row for every entry. */
export interface EntryRow {
  type: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  layerIndex: number;
  rare: Rare | undefined;
}

/**
 * Entries by index, for a builder that keeps them by column too (flatten). No object per entry: one
 * made per entry here, while the image's whole manifest was copied, outlived the young generation and
 * was most of a big image's peak heap (~110 MB of garbage on a 250,000-file image, issue 14).
 */
export interface EntrySource {
  readonly length: number;
  pathAt(i: number): ImagePath;
  readRow(i: number, row: EntryRow): void;
}

function arraySource(entries: readonly FileEntry[]): EntrySource {
  return {
    length: entries.length,
    pathAt: (i) => entries[i]!.path,
    readRow: (i, row) => {
      const e = entries[i]!;
      row.type = fileTypeCode(e.type, e.path);
      row.mode = e.mode;
      row.uid = e.uid;
      row.gid = e.gid;
      row.size = e.size;
      row.mtime = e.mtime;
      row.layerIndex = e.layerIndex;
      row.rare = rareFields(e, RARE_KEYS);
    },
  };
}

/** Read-only, iterated in path order (byte order of the latin1 strings), like the sorted Map it replaces. */
export class CompactEntries implements ReadonlyMap<ImagePath, FileEntry> {
  private readonly paths: ImagePath[];
  private readonly index = new Map<ImagePath, number>();
  private readonly type: Uint8Array;
  private readonly mode: Uint16Array;
  private readonly uid: Uint32Array;
  private readonly gid: Uint32Array;
  private readonly bytes: Float64Array;
  private readonly mtime: Float64Array;
  private readonly layer: Uint32Array;
  private readonly rare = new Map<number, Rare>();

  /** Any order; a path given twice keeps the later entry (as `new Map(pairs)` would). */
  constructor(entries: readonly FileEntry[] | EntrySource) {
    const source = Array.isArray(entries) ? arraySource(entries) : (entries as EntrySource);
    const order = Array.from({ length: source.length }, (_, i) => i).sort((a, b) => byPath(source.pathAt(a), source.pathAt(b)) || a - b);
    const kept = order.filter((i, k) => k + 1 === order.length || source.pathAt(order[k + 1]!) !== source.pathAt(i));
    const n = kept.length;
    this.paths = new Array<ImagePath>(n);
    this.type = new Uint8Array(n);
    this.mode = new Uint16Array(n);
    this.uid = new Uint32Array(n);
    this.gid = new Uint32Array(n);
    this.bytes = new Float64Array(n);
    this.mtime = new Float64Array(n);
    this.layer = new Uint32Array(n);
    const row: EntryRow = { type: 0, mode: 0, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: 0, rare: undefined };
    for (let i = 0; i < n; i++) {
      const from = kept[i]!;
      const path = source.pathAt(from);
      source.readRow(from, row);
      if (row.mode !== (row.mode & 0xffff) || row.uid !== row.uid >>> 0 || row.gid !== row.gid >>> 0 || row.layerIndex !== row.layerIndex >>> 0) {
        throw new Error(`internal: ${path} has a mode, owner or layer out of range`);
      }
      this.paths[i] = path;
      this.index.set(path, i);
      this.type[i] = row.type;
      this.mode[i] = row.mode;
      this.uid[i] = row.uid;
      this.gid[i] = row.gid;
      this.bytes[i] = row.size;
      this.mtime[i] = row.mtime;
      this.layer[i] = row.layerIndex;
      if (row.rare) this.rare.set(i, row.rare);
    }
  }

  get size(): number {
    return this.paths.length;
  }

  has(path: ImagePath): boolean {
    return this.index.has(path);
  }

  get(path: ImagePath): FileEntry | undefined {
    const i = this.index.get(path);
    return i === undefined ? undefined : this.at(i);
  }

  /** The entry in the key order the readers build it in (path, type, mode, uid, gid, size, mtime, rare fields, layerIndex). */
  private at(i: number): FileEntry {
    return {
      path: this.paths[i]!, type: FILE_TYPES[this.type[i]!]!, mode: this.mode[i]!, uid: this.uid[i]!, gid: this.gid[i]!,
      size: this.bytes[i]!, mtime: this.mtime[i]!, ...this.rare.get(i), layerIndex: this.layer[i]!,
    };
  }

  *entries(): MapIterator<[ImagePath, FileEntry]> {
    for (let i = 0; i < this.paths.length; i++) yield [this.paths[i]!, this.at(i)];
  }

  *keys(): MapIterator<ImagePath> {
    for (let i = 0; i < this.paths.length; i++) yield this.paths[i]!;
  }

  *values(): MapIterator<FileEntry> {
    for (let i = 0; i < this.paths.length; i++) yield this.at(i);
  }

  [Symbol.iterator](): MapIterator<[ImagePath, FileEntry]> {
    return this.entries();
  }

  forEach(callback: (value: FileEntry, key: ImagePath, map: ReadonlyMap<ImagePath, FileEntry>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.paths.length; i++) callback.call(thisArg, this.at(i), this.paths[i]!, this);
  }
}
