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

/**
 * The stacked view of the layers below, path -> a number: a non-dir's size, or for a dir -1 - its size.
 * A number, not an object, per path: the efficiency walk keeps a few of these maps as big as the image.
 */
type Stack = Map<ImagePath, number>;

const isDir = (stacked: number | undefined): boolean => stacked !== undefined && stacked < 0;
const sizeOf = (stacked: number): number => (stacked < 0 ? -stacked - 1 : stacked);

/** Counted against the stack of the layers below, which the efficiency walk keeps anyway. */
function countChanges(stack: Stack, listing: LayerListing): LayerChanges {
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

/** Paths visited twice or more; the many visited once are only a size in `once`. */
interface Repeated {
  cumulative: number;
  min: number;
  count: number;
}

interface Visits {
  readonly once: Map<ImagePath, number>;
  readonly repeated: Map<ImagePath, Repeated>;
  /** Bytes of the paths the top layer visits first: seen once, so their min is their sum. */
  onlyInTop: number;
}

/** Counts a visit; a path first seen in the top layer is only summed, as no later layer can see it again. */
function visit(visits: Visits, path: ImagePath, size: number, topLayer: boolean): void {
  const first = visits.once.get(path);
  if (first !== undefined) {
    visits.once.delete(path);
    visits.repeated.set(path, { cumulative: first + size, min: Math.min(first, size), count: 2 });
    return;
  }
  const data = visits.repeated.get(path);
  if (data) {
    data.cumulative += size;
    data.min = Math.min(data.min, size);
    data.count++;
  } else if (topLayer) {
    visits.onlyInTop += size;
  } else {
    visits.once.set(path, size);
  }
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
function subtreeSize(stack: Stack, dir: ImagePath): number {
  const node = stack.get(dir);
  if (node !== undefined && !isDir(node)) return node;
  let total = node === undefined ? 0 : sizeOf(node);
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (const [path, node] of stack) if (path.startsWith(prefix) && path !== dir) total += sizeOf(node);
  return total;
}

function removeSubtree(stack: Stack, dir: ImagePath, keepDir: boolean): void {
  if (!keepDir) stack.delete(dir);
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (const path of [...stack.keys()]) if (path.startsWith(prefix) && path !== dir) stack.delete(path);
}

/** Applies one layer to the stacked view of the layers below (whiteouts, opaque dirs, additions). */
function applyLayer(stack: Stack, listing: LayerListing): void {
  for (const entry of listing.entries) {
    if (entry.whiteout?.kind === 'opaque') removeSubtree(stack, entry.whiteout.dir, true);
  }
  for (const entry of listing.entries) {
    if (entry.whiteout?.kind === 'delete') {
      if (isDir(stack.get(entry.whiteout.target))) removeSubtree(stack, entry.whiteout.target, false);
      else stack.delete(entry.whiteout.target);
    } else if (!entry.whiteout) {
      if (isDir(stack.get(entry.path)) && entry.type !== 'dir') removeSubtree(stack, entry.path, false);
      stack.set(entry.path, entry.type === 'dir' ? -1 - entry.size : entry.size);
    }
  }
}

/** A whiteout's visit; its size comes from the stack below. */
const WHITEOUT = -1;

/**
 * Calls `each` once per leaf of the layer with its visit's size (WHITEOUT for a whiteout); of entries
 * with the same path the last wins. Only the parents and the non-file entries are held: a layer never
 * lists a regular file twice (listLayer refuses it), and a map of every path was the walk's biggest.
 */
function forEachLeaf(listing: LayerListing, each: (path: ImagePath, size: number) => void): void {
  const parents = new Set<ImagePath>();
  const others = new Map<ImagePath, { at: number; size: number }>();
  let at = 0;
  for (const entry of listing.entries) {
    const path = visitPath(entry);
    at++;
    if (path === undefined || path === '/') continue;
    for (let p = parentOf(path); p !== '/' && !parents.has(p); p = parentOf(p)) parents.add(p);
    if (entry.whiteout || entry.type !== 'file') others.set(path, { at, size: entry.whiteout ? WHITEOUT : entry.size });
  }
  at = 0;
  for (const entry of listing.entries) {
    at++;
    if (entry.whiteout || entry.type !== 'file' || parents.has(entry.path)) continue;
    const other = others.get(entry.path);
    if (other && other.at > at) continue;
    others.delete(entry.path);
    each(entry.path, entry.size);
  }
  for (const [path, other] of others) if (!parents.has(path)) each(path, other.size);
}

export function computeEfficiency(listings: readonly LayerListing[]): EfficiencyResult {
  // The top layer adds nothing to the stack or to `once`: nothing above it reads them, and on an
  // image whose bulk is in its top layer those were the walk's biggest maps.
  const visits: Visits = { once: new Map(), repeated: new Map(), onlyInTop: 0 };
  const stack: Stack = new Map();
  const deleted: { path: ImagePath; bytes: number; layerIndex: number }[] = [];
  const changes: LayerChanges[] = [];
  for (const [k, listing] of listings.entries()) {
    const top = k === listings.length - 1;
    forEachLeaf(listing, (path, size) => {
      visit(visits, path, size !== WHITEOUT ? size : isDir(stack.get(path)) ? subtreeSize(stack, path) : 0, top);
    });
    for (const entry of listing.entries) {
      if (!entry.whiteout) continue;
      const path = entry.whiteout.kind === 'delete' ? entry.whiteout.target : entry.whiteout.dir;
      const here = stack.get(path);
      const bytes = subtreeSize(stack, path) - (entry.whiteout.kind === 'opaque' && here !== undefined ? sizeOf(here) : 0);
      if (bytes > 0) deleted.push({ path, bytes, layerIndex: listing.layerIndex });
    }
    changes.push(countChanges(stack, listing));
    if (!top) applyLayer(stack, listing);
  }
  deleted.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
  let minimum = visits.onlyInTop;
  let discovered = visits.onlyInTop;
  for (const size of visits.once.values()) {
    minimum += size;
    discovered += size;
  }
  let wastedBytes = 0;
  const inefficiencies: Inefficiency[] = [];
  for (const [path, data] of visits.repeated) {
    minimum += data.min;
    discovered += data.cumulative;
    wastedBytes += data.cumulative;
    inefficiencies.push({ path, count: data.count, bytes: data.cumulative });
  }
  inefficiencies.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
  return { efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes, inefficiencies, deleted, changes };
}
