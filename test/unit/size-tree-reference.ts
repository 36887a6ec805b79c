// The size tree as it was built before it folded small files as it met them (a tally per path): the
// reference the unit test holds src/report/size-tree.ts to, output for output.
import { countedBytes } from '../../src/analyze/hard-links.js';
import { displayPath } from '../../src/image/paths.js';
import type { PathNote, SizeNode, SizeTreeOptions } from '../../src/report/size-tree.js';
import type { ImagePath, Manifest } from '../../src/types.js';

interface Tally {
  bytes: number;
  files: number;
  kept: number;
  // Made on first use: a tally per path, and most are files with no children or components.
  layers?: Map<number, number>;
  components?: Map<string, number>;
  children?: Map<string, Tally>;
  note?: PathNote;
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

export function referenceSizeTree(manifest: Manifest, options: SizeTreeOptions = {}): SizeNode {
  const root = newTally();
  const annotated = options.note !== undefined;
  const bytesOf = countedBytes(manifest);
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
    for (const part of parts) {
      count(node);
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = newTally()));
      node = child;
    }
    count(node);
    if (note) node.note = note;
  }
  const floor = root.bytes * (options.floorShare ?? DEFAULT_FLOOR_SHARE);
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
    ...(tally.note?.reason && !tally.children?.size ? { reason: tally.note.reason } : {}),
  };
  if (!tally.children?.size) return base;
  const children: SizeNode[] = [];
  const small = newTally();
  for (const [childName, child] of tally.children) {
    if (child.bytes >= floor && child.bytes > 0) {
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
