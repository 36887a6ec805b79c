// Pure: merges layer listings into the image's final filesystem (whiteouts, opaque dirs, links, replacements).
import { UnsafeImageError } from '../errors.js';
import type { FileEntry, ImagePath, LayerListing, Manifest } from '../types.js';
import { FlatState } from './flat-state.js';
import { displayPath, parentPath } from './paths.js';

function under(dir: ImagePath): string {
  return dir === '/' ? '/' : `${dir}/`;
}

function dropSubtree(state: FlatState, path: ImagePath, alsoSelf: boolean, below?: number): void {
  if (alsoSelf) state.delete(path);
  state.deleteUnder(under(path), path, below);
}

function implicitDir(path: ImagePath): Omit<FileEntry, 'layerIndex'> {
  return { path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0 };
}

/** Makes sure every ancestor of `path` is a directory; refuses to write through a symlink. */
function ensureParents(state: FlatState, path: ImagePath, layerIndex: number): void {
  const missing: ImagePath[] = [];
  for (let p = parentPath(path); p !== '/'; p = parentPath(p)) {
    const type = state.typeOf(p);
    if (type === 'dir') break;
    if (type === 'symlink') {
      throw new UnsafeImageError(`layer ${layerIndex} writes ${displayPath(path)} through the symlink ${displayPath(p)}`);
    }
    if (type) dropSubtree(state, p, true);
    missing.push(p);
  }
  for (const p of missing.reverse()) state.set(implicitDir(p), layerIndex);
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
  const state = new FlatState();
  for (const listing of listings) {
    const layer = listing.layerIndex;
    for (const entry of listing.entries) {
      if (entry.whiteout?.kind === 'opaque') dropSubtree(state, entry.whiteout.dir, false, layer);
      else if (entry.whiteout?.kind === 'delete') {
        const target = entry.whiteout.target;
        const lower = state.layerOf(target);
        if (lower !== undefined && lower < layer) dropSubtree(state, target, true, layer);
      }
    }
    for (const entry of listing.entries) {
      if (entry.whiteout) continue;
      if (entry.path === '/') continue;
      ensureParents(state, entry.path, layer);
      if (state.typeOf(entry.path) === 'dir' && entry.type !== 'dir') dropSubtree(state, entry.path, true);
      if (entry.type !== 'hardlink') {
        state.set(entry, layer);
        continue;
      }
      const target = state.get(entry.linkTarget ?? '');
      if (target?.type !== 'file' && target?.type !== 'hardlink') {
        throw new UnsafeImageError(`hardlink ${displayPath(entry.path)} points to ${displayPath(entry.linkTarget ?? '')}, which is not a file in the image`);
      }
      // A link to a link shares the first one's resolved source.
      const source = target.type === 'hardlink' ? (target.linkTarget ?? '') : target.path;
      state.set({ ...entry, linkTarget: source, size: target.size, mode: target.mode, uid: target.uid, gid: target.gid }, target.layerIndex);
    }
  }
  return state.toManifest();
}
