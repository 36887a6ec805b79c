// flatten's path → winning entry state, kept by column (a slot per entry set, a Map of path → slot):
// an object per path, copied from the listings, was most of the heap while a big image flattened.
import type { FileEntry, FileType, ImagePath, Manifest } from '../types.js';
import { CompactEntries } from './compact-entries.js';
import { CompactListing } from './compact-listing.js';
import { grown } from './entry-columns.js';

export class FlatState {
  private readonly slots = new Map<ImagePath, number>();
  private readonly columns = new CompactListing();
  private layers = new Uint32Array(1024);

  get(path: ImagePath): FileEntry | undefined {
    const slot = this.slots.get(path);
    return slot === undefined ? undefined : this.at(slot);
  }

  typeOf(path: ImagePath): FileType | undefined {
    const slot = this.slots.get(path);
    return slot === undefined ? undefined : this.columns.typeAt(slot);
  }

  layerOf(path: ImagePath): number | undefined {
    const slot = this.slots.get(path);
    return slot === undefined ? undefined : this.layers[slot];
  }

  /** `entry` is no whiteout; its bytes are in layer `layerIndex`. */
  set(entry: Omit<FileEntry, 'layerIndex'>, layerIndex: number): void {
    const slot = this.columns.length;
    if (slot === this.layers.length) this.layers = grown(this.layers, (n) => new Uint32Array(n));
    this.columns.push(entry);
    this.layers[slot] = layerIndex;
    this.slots.set(entry.path, slot);
  }

  delete(path: ImagePath): void {
    this.slots.delete(path);
  }

  /** Drops the paths under `prefix` (not `except`) set by a layer below `below` (any layer if undefined). */
  deleteUnder(prefix: string, except: ImagePath, below?: number): void {
    for (const [p, slot] of this.slots) {
      if (p.startsWith(prefix) && p !== except && (below === undefined || this.layers[slot]! < below)) this.slots.delete(p);
    }
  }

  toManifest(): Manifest {
    const live = Uint32Array.from(this.slots.values());
    return {
      entries: new CompactEntries({
        length: live.length,
        pathAt: (i) => this.columns.pathAt(live[i]!),
        readRow: (i, row) => {
          this.columns.readRow(live[i]!, row);
          row.layerIndex = this.layers[live[i]!]!;
        },
      }),
    };
  }

  private at(slot: number): FileEntry {
    return { ...this.columns.at(slot), layerIndex: this.layers[slot]! };
  }
}
