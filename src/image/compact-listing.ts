// One layer's header listing stored by column (a string per path, typed arrays for the numbers, a side
// table for links, devices, xattrs and whiteouts): an object per tar header lived until the whole image
// was read and analysed, ~550 bytes a header at the peak of a 200,000-file layer (issue 14, growth).
import type { FileType, ImagePath, LayerEntry } from '../types.js';
import type { EntryRow } from './compact-entries.js';
import { FILE_TYPES, fileTypeCode, grown, rareFields } from './entry-columns.js';

const RARE_KEYS = ['linkTarget', 'devMajor', 'devMinor', 'xattrs', 'whiteout'] as const;
type Rare = Pick<LayerEntry, (typeof RARE_KEYS)[number]>;

/** Appended to in tar order while a layer streams; iterated as LayerEntry objects made on access. */
export class CompactListing implements Iterable<LayerEntry> {
  private readonly paths: ImagePath[] = [];
  private type = new Uint8Array(1024);
  private mode = new Uint16Array(1024);
  private uid = new Float64Array(1024);
  private gid = new Float64Array(1024);
  private bytes = new Float64Array(1024);
  private mtime = new Float64Array(1024);
  private readonly rare = new Map<number, Rare>();

  get length(): number {
    return this.paths.length;
  }

  push(e: LayerEntry): void {
    const i = this.paths.length;
    const code = fileTypeCode(e.type, e.path);
    if (i === this.type.length) {
      this.type = grown(this.type, (n) => new Uint8Array(n));
      this.mode = grown(this.mode, (n) => new Uint16Array(n));
      this.uid = grown(this.uid, (n) => new Float64Array(n));
      this.gid = grown(this.gid, (n) => new Float64Array(n));
      this.bytes = grown(this.bytes, (n) => new Float64Array(n));
      this.mtime = grown(this.mtime, (n) => new Float64Array(n));
    }
    this.paths.push(e.path);
    this.type[i] = code;
    this.mode[i] = e.mode;
    this.uid[i] = e.uid;
    this.gid[i] = e.gid;
    this.bytes[i] = e.size;
    this.mtime[i] = e.mtime;
    const rare = rareFields(e, RARE_KEYS);
    if (rare) this.rare.set(i, rare);
  }

  pathAt(i: number): ImagePath {
    return this.paths[i]!;
  }

  typeAt(i: number): FileType {
    return FILE_TYPES[this.type[i]!]!;
  }

  /** Entry i's fields into `row` (not its layer, which a listing does not hold); for entries that are no whiteout. */
  readRow(i: number, row: EntryRow): void {
    row.type = this.type[i]!;
    row.mode = this.mode[i]!;
    row.uid = this.uid[i]!;
    row.gid = this.gid[i]!;
    row.size = this.bytes[i]!;
    row.mtime = this.mtime[i]!;
    row.rare = this.rare.get(i);
  }

  /** The entry in toLayerEntry's key order. */
  at(i: number): LayerEntry {
    return {
      path: this.paths[i]!, type: FILE_TYPES[this.type[i]!]!, mode: this.mode[i]!, uid: this.uid[i]!, gid: this.gid[i]!,
      size: this.bytes[i]!, mtime: this.mtime[i]!, ...this.rare.get(i),
    };
  }

  *[Symbol.iterator](): Iterator<LayerEntry> {
    for (let i = 0; i < this.paths.length; i++) yield this.at(i);
  }
}
