// Builders for layer listings and a naive flatten, so analysis tests need no image tar.
import type { FileEntry, ImagePath, LayerEntry, LayerListing, Manifest } from '../../src/types.js';
import type { AnalysisInput } from '../../src/analyze/report.js';

const base = { mode: 0o644, uid: 0, gid: 0, mtime: 0 };
export const file = (path: ImagePath, size: number): LayerEntry => ({ ...base, path, type: 'file', size });
export const dir = (path: ImagePath): LayerEntry => ({ ...base, path, type: 'dir', size: 0, mode: 0o755 });
export const whiteout = (target: ImagePath): LayerEntry => {
  const slash = target.lastIndexOf('/');
  return { ...file(`${target.slice(0, slash)}/.wh.${target.slice(slash + 1)}`, 0), whiteout: { kind: 'delete', target } };
};
export const listing = (layerIndex: number, entries: LayerEntry[]): LayerListing => ({ layerIndex, entries });

/** Last writer wins, whiteouts delete subtrees; enough for these tests (the real one is image/flatten). */
export function naiveFlatten(listings: readonly LayerListing[]): Manifest {
  const entries = new Map<ImagePath, FileEntry>();
  for (const l of listings) {
    for (const e of l.entries) {
      if (e.whiteout?.kind === 'delete') {
        const t = e.whiteout.target;
        for (const p of [...entries.keys()]) if (p === t || p.startsWith(`${t}/`)) entries.delete(p);
      } else if (!e.whiteout) {
        const { whiteout: _w, ...rest } = e;
        entries.set(e.path, { ...rest, layerIndex: l.layerIndex });
      }
    }
  }
  return { entries };
}

export function buildInput(listings: LayerListing[], createdBy: string[] = [], textFiles = new Map<ImagePath, string>()): AnalysisInput {
  return {
    listings,
    manifest: naiveFlatten(listings),
    config: { config: {}, rootfs: { type: 'layers', diff_ids: listings.map((l) => `sha256:${l.layerIndex}`) } },
    layers: listings.map((l) => ({ index: l.layerIndex, diffId: `sha256:${l.layerIndex}`, storedSize: 0, createdBy: createdBy[l.layerIndex] })),
    textFiles,
  };
}
