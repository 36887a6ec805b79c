// Pure: merges layer listings into the image's final filesystem (whiteouts, opaque dirs, links, replacements).
import { UnsafeImageError } from '../errors.js';
import type { FileEntry, ImagePath, LayerListing, Manifest } from '../types.js';
import { CompactEntries } from './compact-entries.js';
import { displayPath, parentPath } from './paths.js';

function under(dir: ImagePath): string {
  return dir === '/' ? '/' : `${dir}/`;
}

function dropSubtree(state: Map<ImagePath, FileEntry>, path: ImagePath, alsoSelf: boolean, below?: number): void {
  if (alsoSelf) state.delete(path);
  const prefix = under(path);
  for (const [p, e] of state) {
    if (p.startsWith(prefix) && p !== path && (below === undefined || e.layerIndex < below)) state.delete(p);
  }
}

function implicitDir(path: ImagePath, layerIndex: number): FileEntry {
  return { path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex };
}

/** Makes sure every ancestor of `path` is a directory; refuses to write through a symlink. */
function ensureParents(state: Map<ImagePath, FileEntry>, path: ImagePath, layerIndex: number): void {
  const missing: ImagePath[] = [];
  for (let p = parentPath(path); p !== '/'; p = parentPath(p)) {
    const e = state.get(p);
    if (e?.type === 'dir') break;
    if (e?.type === 'symlink') {
      throw new UnsafeImageError(`layer ${layerIndex} writes ${displayPath(path)} through the symlink ${displayPath(p)}`);
    }
    if (e) dropSubtree(state, p, true);
    missing.push(p);
  }
  for (const p of missing.reverse()) state.set(p, implicitDir(p, layerIndex));
}

/**
 * Later layers win. A `.wh.x` removes x and its subtree from lower layers; an opaque marker hides
 * lower-layer children of its dir; a non-dir replacing a dir drops the dir's subtree. Hardlinks keep
 * `linkTarget` resolved to the final non-hardlink target and `layerIndex` set to the layer whose tar
 * holds the bytes (the target's). If a later layer deletes or replaces the target, Docker keeps the
 * inode, so the link stays: writers see `linkTarget` missing (or a different entry there) and copy
 * the bytes from `linkTarget` in layer `layerIndex`, writing the link as a regular file.
 */
export function flatten(listings: readonly LayerListing[]): Manifest {
  const state = new Map<ImagePath, FileEntry>();
  for (const listing of listings) {
    const layer = listing.layerIndex;
    for (const entry of listing.entries) {
      if (entry.whiteout?.kind === 'opaque') dropSubtree(state, entry.whiteout.dir, false, layer);
      else if (entry.whiteout?.kind === 'delete') {
        const target = entry.whiteout.target;
        const lower = state.get(target);
        if (lower && lower.layerIndex < layer) dropSubtree(state, target, true, layer);
      }
    }
    for (const entry of listing.entries) {
      if (entry.whiteout) continue;
      const { whiteout: _w, ...rest } = entry;
      if (entry.path === '/') continue;
      ensureParents(state, entry.path, layer);
      const existing = state.get(entry.path);
      if (existing?.type === 'dir' && entry.type !== 'dir') dropSubtree(state, entry.path, true);
      let file: FileEntry = { ...rest, layerIndex: layer };
      if (entry.type === 'hardlink') {
        const target = state.get(entry.linkTarget ?? '');
        if (target?.type !== 'file' && target?.type !== 'hardlink') {
          throw new UnsafeImageError(`hardlink ${displayPath(entry.path)} points to ${displayPath(entry.linkTarget ?? '')}, which is not a file in the image`);
        }
        // A link to a link shares the first one's resolved source.
        const source = target.type === 'hardlink' ? (target.linkTarget ?? '') : target.path;
        file = { ...file, linkTarget: source, size: target.size, mode: target.mode, uid: target.uid, gid: target.gid, layerIndex: target.layerIndex };
      }
      state.set(entry.path, file);
    }
  }
  return { entries: new CompactEntries([...state.values()]) };
}
