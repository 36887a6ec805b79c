// Bytes and file counts of every directory's subtree in the flattened image, computed once.
import type { ImagePath, Manifest } from '../types.js';
import { countedBytes } from './hard-links.js';

export interface DirTotals {
  readonly bytes: number;
  readonly files: number;
}

export function parentDir(path: ImagePath): ImagePath {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Depth of a path: `/` is 0, `/usr` is 1, `/usr/lib` is 2. */
export function depthOf(path: ImagePath): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

/** Every ancestor dir (and `/`) gets the size of each non-directory entry below it, hard links once. */
export function computeDirTotals(manifest: Manifest): ReadonlyMap<ImagePath, DirTotals> {
  const totals = new Map<ImagePath, { bytes: number; files: number }>();
  const bytesOf = countedBytes(manifest);
  for (const [path, entry] of manifest.entries) {
    if (entry.type === 'dir') {
      if (!totals.has(path)) totals.set(path, { bytes: 0, files: 0 });
      continue;
    }
    const size = bytesOf(path, entry);
    let dir = path;
    do {
      dir = parentDir(dir);
      const t = totals.get(dir);
      if (t) {
        t.bytes += size;
        t.files++;
      } else {
        totals.set(dir, { bytes: size, files: 1 });
      }
    } while (dir !== '/');
  }
  return totals;
}
