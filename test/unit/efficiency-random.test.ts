// The compact efficiency walk gives the reference walk's figures on random layers: files, dirs,
// symlinks, a path listed twice in a layer (a dir, or a symlink then a file), whiteouts of files and
// dirs, opaque dirs, and files replaced in later layers.
import { describe, expect, it } from 'vitest';
import { computeEfficiency } from '../../src/analyze/efficiency.js';
import type { LayerEntry, LayerListing } from '../../src/types.js';
import { dir, file, listing, whiteout } from './analyze-helpers.js';
import { referenceEfficiency } from './efficiency-reference.js';

/** A small seeded generator (mulberry32), so a failure names its seed. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const DIRS = ['/a', '/a/b', '/c', '/c/d', '/e'];

function randomLayers(seed: number): LayerListing[] {
  const pick = random(seed);
  const layers: LayerListing[] = [];
  for (let layer = 0, count = 1 + pick(5); layer < count; layer++) {
    const entries: LayerEntry[] = [];
    const files = new Set<string>();
    for (let n = pick(12); n > 0; n--) {
      const parent = DIRS[pick(DIRS.length)]!;
      const path = `${parent}/f${pick(4)}`;
      const kind = pick(10);
      if (kind < 5 && !files.has(path)) {
        files.add(path);
        entries.push(file(path, pick(3) === 0 ? 0 : 1 + pick(1000)));
      } else if (kind < 6) entries.push(dir(parent));
      else if (kind < 7) entries.push({ ...file(path, 0), type: 'symlink', linkTarget: '/x' });
      else if (kind < 9) entries.push(whiteout(pick(2) ? path : parent));
      else entries.push({ ...file(`${parent}/.wh..wh..opq`, 0), whiteout: { kind: 'opaque', dir: parent } });
    }
    layers.push(listing(layer, entries));
  }
  return layers;
}

describe('computeEfficiency against the reference walk', () => {
  it('matches on 3000 random images', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const layers = randomLayers(seed);
      expect(computeEfficiency(layers), `seed ${seed}`).toEqual(referenceEfficiency(layers));
    }
  });
});
