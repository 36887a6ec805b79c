// dive's efficiency score and wasted bytes, computed the same way over our layer listings.
import type { ImagePath, LayerEntry, LayerListing } from '../types.js';
import type { Inefficiency } from './report.js';

/**
 * Follows wagoodman/dive `dive/filetree/efficiency.go` (Efficiency) and the wasted-bytes sum in
 * `dive/image/docker/image_archive.go` (Analyze):
 * - each layer's tree is visited at its leaves only (entries that are no parent of another entry
 *   of the same layer); a whiteout counts as a visit of the path it deletes;
 * - a visit's size is the entry's size; a whiteout's size is 0 unless it deletes a directory, then
 *   it is the sum of the sizes of that directory's subtree in the layers below (stacked);
 * - per path: cumulative = sum of its visit sizes, min = the smallest visit size;
 * - efficiency = sum(min) / sum(cumulative) over all paths (1 when nothing was seen);
 * - wasted bytes = sum of `cumulative` over the paths visited in two or more layers (the surviving
 *   copy included, as dive counts it).
 * Opaque-dir markers (`.wh..wh..opq`) are not visits in dive either; they only prune the stack.
 * Where dive aborts a layer's walk on a whiteout of a path no lower layer has (dive PR #715), we
 * count a 0-byte visit and go on. dive counts the surviving copy as wasted too (issue #684 asks to
 * change that); we keep released dive's numbers so CI gates migrate unchanged.
 *
 * dive does not see `rm -rf dir` of a dir added earlier as waste (the dir was no leaf before), so
 * `deleted` lists, separately, the bytes each whiteout removes from the layers below.
 */
export interface EfficiencyResult {
  readonly efficiency: number;
  readonly wastedBytes: number;
  /** Sorted by bytes, biggest first. */
  readonly inefficiencies: readonly Inefficiency[];
  /** Paths deleted (whiteouts, opaque dirs) with the bytes they held below, biggest first. */
  readonly deleted: readonly { readonly path: ImagePath; readonly bytes: number; readonly layerIndex: number }[];
  /** Per listing, in order: header sizes summed, and non-dir entries new, replacing one below, or deleted. */
  readonly changes: readonly LayerChanges[];
}

export interface LayerChanges {
  readonly size: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/** Counted against the stack of the layers below, which the efficiency walk keeps anyway. */
function countChanges(stack: ReadonlyMap<ImagePath, Stacked>, listing: LayerListing): LayerChanges {
  let size = 0;
  let added = 0;
  let changed = 0;
  let removed = 0;
  for (const entry of listing.entries) {
    size += entry.size;
    if (entry.whiteout) {
      if (entry.whiteout.kind === 'delete') removed++;
    } else if (entry.type !== 'dir') {
      if (stack.has(entry.path)) changed++;
      else added++;
    }
  }
  return { size, added, changed, removed };
}

interface PathData {
  cumulative: number;
  min: number;
  count: number;
}

interface Stacked {
  size: number;
  dir: boolean;
}

function parentOf(path: ImagePath): ImagePath {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function visitPath(entry: LayerEntry): ImagePath | undefined {
  if (!entry.whiteout) return entry.path;
  return entry.whiteout.kind === 'delete' ? entry.whiteout.target : undefined;
}

/** A whole-stack scan, so only for directories; a file's size is its own. */
function subtreeSize(stack: ReadonlyMap<ImagePath, Stacked>, dir: ImagePath): number {
  const node = stack.get(dir);
  if (node && !node.dir) return node.size;
  let total = node?.size ?? 0;
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (const [path, node] of stack) if (path.startsWith(prefix) && path !== dir) total += node.size;
  return total;
}

function removeSubtree(stack: Map<ImagePath, Stacked>, dir: ImagePath, keepDir: boolean): void {
  if (!keepDir) stack.delete(dir);
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (const path of [...stack.keys()]) if (path.startsWith(prefix) && path !== dir) stack.delete(path);
}

/** Applies one layer to the stacked view of the layers below (whiteouts, opaque dirs, additions). */
function applyLayer(stack: Map<ImagePath, Stacked>, listing: LayerListing): void {
  for (const entry of listing.entries) {
    if (entry.whiteout?.kind === 'opaque') removeSubtree(stack, entry.whiteout.dir, true);
  }
  for (const entry of listing.entries) {
    if (entry.whiteout?.kind === 'delete') {
      const node = stack.get(entry.whiteout.target);
      if (node?.dir) removeSubtree(stack, entry.whiteout.target, false);
      else stack.delete(entry.whiteout.target);
    } else if (!entry.whiteout) {
      const old = stack.get(entry.path);
      if (old?.dir && entry.type !== 'dir') removeSubtree(stack, entry.path, false);
      stack.set(entry.path, { size: entry.size, dir: entry.type === 'dir' });
    }
  }
}

export function computeEfficiency(listings: readonly LayerListing[]): EfficiencyResult {
  const paths = new Map<ImagePath, PathData>();
  const stack = new Map<ImagePath, Stacked>();
  const deleted: { path: ImagePath; bytes: number; layerIndex: number }[] = [];
  const changes: LayerChanges[] = [];
  for (const listing of listings) {
    const visits = new Map<ImagePath, LayerEntry>();
    for (const entry of listing.entries) {
      const path = visitPath(entry);
      if (path !== undefined && path !== '/') visits.set(path, entry);
    }
    const parents = new Set<ImagePath>();
    for (const path of visits.keys()) {
      for (let p = parentOf(path); p !== '/'; p = parentOf(p)) {
        if (parents.has(p)) break;
        parents.add(p);
      }
    }
    for (const [path, entry] of visits) {
      if (parents.has(path)) continue;
      let size = entry.size;
      if (entry.whiteout) size = stack.get(path)?.dir ? subtreeSize(stack, path) : 0;
      const data = paths.get(path);
      if (data) {
        data.cumulative += size;
        data.min = Math.min(data.min, size);
        data.count++;
      } else {
        paths.set(path, { cumulative: size, min: size, count: 1 });
      }
    }
    for (const entry of listing.entries) {
      if (!entry.whiteout) continue;
      const path = entry.whiteout.kind === 'delete' ? entry.whiteout.target : entry.whiteout.dir;
      const bytes = subtreeSize(stack, path) - (entry.whiteout.kind === 'opaque' ? (stack.get(path)?.size ?? 0) : 0);
      if (bytes > 0) deleted.push({ path, bytes, layerIndex: listing.layerIndex });
    }
    changes.push(countChanges(stack, listing));
    applyLayer(stack, listing);
  }
  deleted.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
  let minimum = 0;
  let discovered = 0;
  let wastedBytes = 0;
  const inefficiencies: Inefficiency[] = [];
  for (const [path, data] of paths) {
    minimum += data.min;
    discovered += data.cumulative;
    if (data.count >= 2) {
      wastedBytes += data.cumulative;
      inefficiencies.push({ path, count: data.count, bytes: data.cumulative });
    }
  }
  inefficiencies.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
  return { efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes, inefficiencies, deleted, changes };
}
