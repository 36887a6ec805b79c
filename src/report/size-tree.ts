// Where an image's bytes are, as a directory tree small enough to ship in a report: every dir and file
// above a size floor is a node, the rest of a dir's entries fold into one "smaller entries" node.
import { countedBytes, type CountedBytes } from '../analyze/hard-links.js';
import { displayPath } from '../image/paths.js';
import type { FileEntry, ImagePath, Manifest } from '../types.js';

export interface SizeNode {
  /** Last path segment ('/' for the root), as UTF-8 text. */
  readonly name: string;
  /** Full path as UTF-8 text; a folded node has its dir's path. */
  readonly path: string;
  /** Bytes of the regular files in the subtree (hard links count once, as the layer stores them). */
  readonly bytes: number;
  readonly files: number;
  /** The layer that provides most of the subtree's bytes (analyze's colouring). */
  readonly layer?: number;
  /** With an annotation: bytes of the subtree the slim image keeps, and the most kept component. */
  readonly keptBytes?: number;
  readonly component?: string;
  /** Why a kept file is kept (a file node only). */
  readonly reason?: string;
  /** Set on the node that stands for a dir's entries below the size floor. */
  readonly folded?: true;
  readonly children?: readonly SizeNode[];
}

/** What a run knows of a path: kept or not, why, and which component made it live. */
export interface PathNote {
  readonly kept: boolean;
  readonly reason?: string;
  readonly component?: string;
}

export interface SizeTreeOptions {
  /** Nodes smaller than this share of the image fold into their dir's "smaller entries" node. */
  readonly floorShare?: number;
  readonly note?: (path: ImagePath, entry: FileEntry) => PathNote | undefined;
}

interface Tally {
  bytes: number;
  files: number;
  kept: number;
  // Made on first use: most tallies are dirs with one layer and no components.
  layers?: Map<number, number>;
  components?: Map<string, number>;
  /** Named children: dirs (and paths below which entries lie), and files at or above the floor. */
  children?: Map<string, Tally>;
  /** In the order first seen: the named children and, between them, runs of the files below the floor. */
  order?: Tally[];
  /** Set on a named child; a run has none (it always folds). */
  name?: string;
  /** Why a kept file above the floor is kept. */
  reason?: string;
}

const newTally = (): Tally => ({ bytes: 0, files: 0, kept: 0 });

function addTo<K>(map: Map<K, number> | undefined, key: K, bytes: number): Map<K, number> {
  const into = map ?? new Map<K, number>();
  into.set(key, (into.get(key) ?? 0) + bytes);
  return into;
}

function largestKey<K>(map: ReadonlyMap<K, number> | undefined): K | undefined {
  let best: K | undefined;
  let bestBytes = -1;
  for (const [key, bytes] of map ?? []) if (bytes > bestBytes) [best, bestBytes] = [key, bytes];
  return best;
}

/** Default floor: 1/5000 of the image, so a 1 GB image ships about a few thousand nodes. */
const DEFAULT_FLOOR_SHARE = 1 / 5000;

/**
 * The floor (from the counted bytes) and the non-dir entries that have entries below them: every other
 * file under the floor is folded as it is met, so a big image costs a tally per dir, not per path.
 */
function survey(manifest: Manifest, bytesOf: CountedBytes, floorShare: number): { floor: number; withEntriesBelow: Set<ImagePath> } {
  let total = 0;
  const withEntriesBelow = new Set<ImagePath>();
  for (const [path, entry] of manifest.entries) {
    if (entry.type !== 'dir') total += bytesOf(path, entry);
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const above = path.slice(0, i);
      const type = manifest.entries.get(above)?.type;
      if (type === 'dir') break;
      if (type !== undefined) withEntriesBelow.add(above);
    }
  }
  return { floor: total * floorShare, withEntriesBelow };
}

export function buildSizeTree(manifest: Manifest, options: SizeTreeOptions = {}): SizeNode {
  const root = newTally();
  const annotated = options.note !== undefined;
  const bytesOf = countedBytes(manifest);
  const { floor, withEntriesBelow } = survey(manifest, bytesOf, options.floorShare ?? DEFAULT_FLOOR_SHARE);
  for (const [path, entry] of manifest.entries) {
    let node = root;
    const parts = path.split('/').filter(Boolean);
    const size = bytesOf(path, entry);
    const note = options.note?.(path, entry);
    const counted = entry.type !== 'dir';
    // The entry counts in every tally from the root down to its own.
    const count = (tally: Tally): void => {
      if (!counted) return;
      tally.bytes += size;
      tally.files += 1;
      tally.layers = addTo(tally.layers, entry.layerIndex, size);
      if (note?.kept) {
        tally.kept += size;
        if (note.component) tally.components = addTo(tally.components, note.component, size);
      }
    };
    const folds = counted && parts.length > 0 && !(size >= floor && size > 0) && !withEntriesBelow.has(path);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      count(node);
      if (folds && i === parts.length - 1) {
        // Folded in emit whatever else the dir holds: added to the run of such files it was met in.
        const last = node.order?.at(-1);
        const run = last && last.name === undefined ? last : newTally();
        if (run !== last) (node.order ??= []).push(run);
        node = run;
        break;
      }
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) {
        node.children.set(part, (child = { ...newTally(), name: part }));
        (node.order ??= []).push(child);
      }
      node = child;
    }
    count(node);
    if (note?.reason && !folds) node.reason = note.reason;
  }
  return emit(root, '/', '/', floor, annotated);
}

function emit(tally: Tally, name: string, path: ImagePath, floor: number, annotated: boolean): SizeNode {
  const base = {
    name: displayPath(name),
    path: displayPath(path),
    bytes: tally.bytes,
    files: tally.files,
    ...(tally.layers && tally.layers.size > 0 ? { layer: largestKey(tally.layers) } : {}),
    ...(annotated ? { keptBytes: tally.kept } : {}),
    ...(largestKey(tally.components) !== undefined ? { component: largestKey(tally.components) } : {}),
    ...(tally.reason && !tally.order?.length ? { reason: tally.reason } : {}),
  };
  if (!tally.order?.length) return base;
  const children: SizeNode[] = [];
  const small = newTally();
  for (const child of tally.order) {
    const childName = child.name;
    if (childName !== undefined && child.bytes >= floor && child.bytes > 0) {
      children.push(emit(child, childName, path === '/' ? `/${childName}` : `${path}/${childName}`, floor, annotated));
      continue;
    }
    small.bytes += child.bytes;
    small.files += child.files;
    small.kept += child.kept;
    for (const [layer, bytes] of child.layers ?? []) small.layers = addTo(small.layers, layer, bytes);
    for (const [component, bytes] of child.components ?? []) small.components = addTo(small.components, component, bytes);
  }
  if (small.bytes > 0) {
    const folded = emit(small, `${small.files} smaller entries`, path, floor, annotated);
    children.push({ ...folded, name: `${small.files} smaller entries`, folded: true });
  }
  children.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  return { ...base, children };
}
