// Pure: the Manifest's path → FileEntry map, stored by column (one string per path, typed arrays for
// the numbers, a side table for the rare links, devices and xattrs). A FileEntry object is made on each
// access and not kept, so a big image costs ~150 bytes a path instead of ~530 (issue 14, growth).
import type { FileEntry, ImagePath } from '../types.js';
import { FILE_TYPES, fileTypeCode, rareFields } from './entry-columns.js';

/** The optional fields, kept only for the entries that have one. */
const RARE_KEYS = ['linkTarget', 'devMajor', 'devMinor', 'xattrs'] as const;
type Rare = Pick<FileEntry, (typeof RARE_KEYS)[number]>;

const byPath = (a: ImagePath, b: ImagePath): number => (a < b ? -1 : a > b ? 1 : 0);

/** Entries by index, for a builder that keeps them by column too (flatten). */
export interface EntrySource {
  readonly length: number;
  pathAt(i: number): ImagePath;
  entryAt(i: number): FileEntry;
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

  /**
   * Any order; a path given twice keeps the later entry (as `new Map(pairs)` would). A source gives
   * the entries by index, made on access, so they need not all exist at once.
   */
  constructor(entries: readonly FileEntry[] | EntrySource) {
    const source: EntrySource = Array.isArray(entries)
      ? { length: entries.length, pathAt: (i) => entries[i]!.path, entryAt: (i) => entries[i]! }
      : (entries as EntrySource);
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
    kept.forEach((from, i) => {
      const e = source.entryAt(from);
      const code = fileTypeCode(e.type, e.path);
      if (e.mode !== (e.mode & 0xffff) || e.uid !== e.uid >>> 0 || e.gid !== e.gid >>> 0 || e.layerIndex !== e.layerIndex >>> 0) {
        throw new Error(`internal: ${e.path} has a mode, owner or layer out of range`);
      }
      this.paths[i] = e.path;
      this.index.set(e.path, i);
      this.type[i] = code;
      this.mode[i] = e.mode;
      this.uid[i] = e.uid;
      this.gid[i] = e.gid;
      this.bytes[i] = e.size;
      this.mtime[i] = e.mtime;
      this.layer[i] = e.layerIndex;
      const rare = rareFields(e, RARE_KEYS);
      if (rare) this.rare.set(i, rare);
    });
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
