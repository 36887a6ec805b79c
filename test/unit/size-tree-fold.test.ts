// The size tree folds files below the floor as it meets them (a tally per dir, not per path, issue 14):
// it must give the tree the tally-per-path build gave, node for node, ties and odd manifests included.
import { describe, expect, it } from 'vitest';
import { buildSizeTree, type PathNote } from '../../src/report/size-tree.js';
import type { FileEntry, FileType, Manifest } from '../../src/types.js';
import { referenceSizeTree } from './size-tree-reference.js';

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const entry = (path: string, type: FileType, size: number, layerIndex: number, linkTarget?: string): FileEntry => ({
  path, type, mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex, ...(linkTarget ? { linkTarget } : {}),
});

/** Paths in byte order like a Manifest; dirs sometimes implied (no entry); sizes repeat so bytes tie. */
function randomManifest(seed: number): Manifest {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const names = ['a', 'b', 'a-b', 'a.b', 'lib', 'x', '\u00e9'];
  const byPath = new Map<string, FileEntry>();
  for (let i = 0; i < 60; i++) {
    const depth = 1 + Math.floor(next() * 4);
    const parts = Array.from({ length: depth }, () => pick(names));
    for (let d = 1; d < depth; d++) {
      const dir = `/${parts.slice(0, d).join('/')}`;
      if (!byPath.has(dir) && next() < 0.8) byPath.set(dir, entry(dir, 'dir', 0, 0));
    }
    const path = `/${parts.join('/')}`;
    if (byPath.get(path)?.type === 'dir') continue;
    const roll = next();
    const type: FileType = roll < 0.75 ? 'file' : roll < 0.85 ? 'symlink' : roll < 0.95 ? 'hardlink' : 'fifo';
    const size = type === 'file' || type === 'hardlink' ? pick([0, 1, 3, 3, 7, 50, 50, 400, 2000]) : 0;
    const target = type === 'hardlink' ? [...byPath.keys()].find((p) => byPath.get(p)?.type === 'file') : undefined;
    byPath.set(path, entry(path, type === 'hardlink' && !target ? 'file' : type, size, pick([0, 1, 2]), target));
  }
  return { entries: new Map([...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

function randomNote(seed: number): (path: string) => PathNote {
  return (path) => {
    const roll = random(seed + path.length * 7919 + path.charCodeAt(path.length - 1))();
    if (roll < 0.4) return { kept: false };
    return { kept: true, reason: `why ${path}`, ...(roll < 0.8 ? { component: roll < 0.6 ? 'c:one' : 'c:two' } : {}) };
  };
}

describe('buildSizeTree folding as it goes', () => {
  it('equals the tally-per-path tree on random manifests, with and without notes, at several floors', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const manifest = randomManifest(seed);
      for (const floorShare of [0, 0.001, 0.01, 0.05, 0.3]) {
        expect(buildSizeTree(manifest, { floorShare }), `seed ${seed} floor ${floorShare}`).toEqual(referenceSizeTree(manifest, { floorShare }));
        const note = randomNote(seed);
        expect(buildSizeTree(manifest, { floorShare, note }), `seed ${seed} floor ${floorShare} noted`).toEqual(referenceSizeTree(manifest, { floorShare, note }));
      }
    }
  });

  it('keeps a file that has entries below it as a node of its own (a layer replaced a dir by a file)', () => {
    const entries = new Map<string, FileEntry>([
      ['/a', entry('/a', 'file', 1, 0)],
      ['/a-b', entry('/a-b', 'file', 1, 1)],
      ['/a/x/y', entry('/a/x/y', 'file', 500, 2)],
      ['/big', entry('/big', 'file', 1000, 0)],
    ]);
    const manifest = { entries };
    expect(buildSizeTree(manifest, { floorShare: 0.01 })).toEqual(referenceSizeTree(manifest, { floorShare: 0.01 }));
  });
});
