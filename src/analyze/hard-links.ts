// Bytes each manifest entry holds on disk once hard links are counted once: a link shares its target's
// inode, so only the target (or, when a later layer deleted or replaced it, the first link) has bytes.
import type { FileEntry, ImagePath, Manifest } from '../types.js';

export type CountedBytes = (path: ImagePath, entry: FileEntry) => number;

export function countedBytes(manifest: Manifest): CountedBytes {
  // linkTarget → the link that carries the bytes because the target itself is gone or another file.
  const carrier = new Map<ImagePath, ImagePath>();
  for (const [path, entry] of manifest.entries) {
    if (entry.type !== 'hardlink' || entry.linkTarget === undefined) continue;
    const target = manifest.entries.get(entry.linkTarget);
    const sameInode = target?.type === 'file' && target.layerIndex === entry.layerIndex;
    if (!sameInode && !carrier.has(entry.linkTarget)) carrier.set(entry.linkTarget, path);
  }
  return (path, entry) => {
    if (entry.type === 'file') return entry.size;
    if (entry.type === 'hardlink') return carrier.get(entry.linkTarget ?? '') === path ? entry.size : 0;
    return entry.type === 'dir' ? 0 : entry.size;
  };
}
