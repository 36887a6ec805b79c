// Pure: a manifest's entries seen through a change to some of them (an mtime pinned or clamped), made
// on each access: the slim layer's writer reads a few thousand of them, and a copy of the map would
// hold every path of a big image while the layer is written (issue 14, growth).
import type { FileEntry, ImagePath } from '../types.js';

/** Same keys and order as `base`; each value is `change(entry)` (the entry itself where nothing changes). */
export class MappedEntries implements ReadonlyMap<ImagePath, FileEntry> {
  constructor(
    private readonly base: ReadonlyMap<ImagePath, FileEntry>,
    private readonly change: (entry: FileEntry) => FileEntry,
  ) {}

  get size(): number {
    return this.base.size;
  }

  has(path: ImagePath): boolean {
    return this.base.has(path);
  }

  get(path: ImagePath): FileEntry | undefined {
    const entry = this.base.get(path);
    return entry && this.change(entry);
  }

  *entries(): MapIterator<[ImagePath, FileEntry]> {
    for (const [path, entry] of this.base) yield [path, this.change(entry)];
  }

  keys(): MapIterator<ImagePath> {
    return this.base.keys();
  }

  *values(): MapIterator<FileEntry> {
    for (const entry of this.base.values()) yield this.change(entry);
  }

  [Symbol.iterator](): MapIterator<[ImagePath, FileEntry]> {
    return this.entries();
  }

  forEach(callback: (value: FileEntry, key: ImagePath, map: ReadonlyMap<ImagePath, FileEntry>) => void, thisArg?: unknown): void {
    for (const [path, entry] of this.base) callback.call(thisArg, this.change(entry), path, this);
  }
}
