// Pure image analysis: layer sizes and changes, dive's wasted bytes and efficiency, biggest paths, junk.
import { readNpm } from '../ecosystem/npm.js';
import type { ImagePath, LayerListing, Manifest } from '../types.js';
import { computeDirTotals, depthOf } from './dir-sizes.js';
import { computeEfficiency, type LayerChanges } from './efficiency.js';
import { buildSizeTree } from '../report/size-tree.js';
import { findJunk } from './junk.js';
import type { AnalysisInput, AnalysisLayerInput, AnalysisReport, LayerSummary } from './report.js';

export type { AnalysisInput, AnalysisReport } from './report.js';

/** `/bin/sh -c #(nop)  COPY ...` -> `COPY ...`; `/bin/sh -c npm ci` -> `RUN npm ci`; BuildKit's `# buildkit` tail dropped. */
export function describeInstruction(createdBy: string | undefined): string {
  if (!createdBy) return '';
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) return text.slice(nop[0].length).trim();
  if (text.startsWith('/bin/sh -c ')) text = `RUN ${text.slice('/bin/sh -c '.length)}`;
  else if (text.startsWith('RUN /bin/sh -c ')) text = `RUN ${text.slice('RUN /bin/sh -c '.length)}`;
  return text.replace(/\s+/g, ' ');
}

function summariseLayers(listings: readonly LayerListing[], changes: readonly LayerChanges[], layers: readonly AnalysisLayerInput[]): LayerSummary[] {
  return listings.map((listing, i) => {
    const meta = layers.find((l) => l.index === listing.layerIndex);
    const { size, added, changed, removed } = changes[i]!;
    return {
      index: listing.layerIndex,
      diffId: meta?.diffId ?? '',
      size,
      storedSize: meta?.storedSize ?? 0,
      instruction: describeInstruction(meta?.createdBy),
      added,
      changed,
      removed,
    };
  });
}

const byPathThenSize = <T extends { path: ImagePath; size: number }>(a: T, b: T) => b.size - a.size || (a.path < b.path ? -1 : 1);

interface SizedFile {
  readonly path: ImagePath;
  readonly size: number;
  readonly layerIndex: number;
}

/** The `top` biggest regular files and how many there are, holding no list of them all. */
function biggestFilesOf(manifest: Manifest, top: number): { biggest: SizedFile[]; count: number } {
  const biggest: SizedFile[] = [];
  let count = 0;
  for (const [path, entry] of manifest.entries) {
    if (entry.type !== 'file') continue;
    count++;
    const file = { path, size: entry.size, layerIndex: entry.layerIndex };
    if (biggest.length >= top && (top === 0 || byPathThenSize(file, biggest[top - 1]!) >= 0)) continue;
    let at = biggest.length;
    while (at > 0 && byPathThenSize(file, biggest[at - 1]!) < 0) at--;
    biggest.splice(at, 0, file);
    if (biggest.length > top) biggest.pop();
  }
  return { biggest, count };
}

export function analyzeImage(input: AnalysisInput): AnalysisReport {
  const top = input.top ?? 10;
  const { efficiency, wastedBytes, inefficiencies, deleted, changes } = computeEfficiency(input.listings);
  const layers = summariseLayers(input.listings, changes, input.layers);
  const dirs = computeDirTotals(input.manifest);

  const files = biggestFilesOf(input.manifest, top);
  const biggestDirs = [...dirs]
    .filter(([path]) => path !== '/' && depthOf(path) <= 3)
    .map(([path, t]) => ({ path, size: t.bytes }))
    .sort(byPathThenSize)
    .slice(0, top);
  // The npm packages `minify run` reads, the last claim per id as readComponents keeps it: carving
  // never changes an npm package's role or metadata, which is all the junk finder reads, and the
  // other readers (dpkg, app content) cost a per-path pass each here for nothing.
  const npm = new Map(readNpm({ manifest: input.manifest, textFiles: input.textFiles, elf: new Map(), config: input.config.config }).claims.map((c) => [c.component.id, c.component]));
  const junk = findJunk({ manifest: input.manifest, dirs, components: npm.values(), textFiles: input.textFiles });

  return {
    layers,
    totalSize: layers.reduce((sum, l) => sum + l.size, 0),
    finalSize: dirs.get('/')?.bytes ?? 0,
    fileCount: files.count,
    wastedBytes,
    efficiency,
    inefficiencies: inefficiencies.slice(0, top),
    deletedBytes: deleted.reduce((sum, d) => sum + d.bytes, 0),
    deleted: deleted.slice(0, top),
    biggestFiles: files.biggest,
    biggestDirs,
    junk: junk.findings,
    junkBytes: junk.bytes,
    tree: buildSizeTree(input.manifest),
  };
}
