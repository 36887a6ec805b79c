// The efficiency walk as first written (an object per path and per visit, a map of every leaf of each
// layer): the oracle the compact walk in src/analyze/efficiency.ts is checked against on random layers.
import type { ImagePath, LayerEntry, LayerListing } from '../../src/types.js';
import type { EfficiencyResult, LayerChanges } from '../../src/analyze/efficiency.js';
import type { Inefficiency } from '../../src/analyze/report.js';

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

export function referenceEfficiency(listings: readonly LayerListing[]): EfficiencyResult {
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
