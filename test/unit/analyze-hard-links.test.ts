// Hard links share one inode: analyze's final size, dir totals, junk and size tree count their bytes once.
import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../src/analyze/analyze.js';
import { computeDirTotals } from '../../src/analyze/dir-sizes.js';
import { flatten } from '../../src/image/flatten.js';
import type { LayerEntry } from '../../src/types.js';
import { buildInput, dir, file, listing, whiteout } from './analyze-helpers.js';

const link = (path: string, target: string): LayerEntry => ({ ...file(path, 0), type: 'hardlink', linkTarget: target });

describe('hard links counted once', () => {
  const layers = [
    listing(0, [
      dir('/usr'), dir('/usr/bin'), file('/usr/bin/perl', 4000), link('/usr/bin/perl5.36', '/usr/bin/perl'),
      dir('/opt'), link('/opt/perl', '/usr/bin/perl'), file('/usr/bin/other', 10),
    ]),
  ];

  it('dir totals: the target carries the bytes, each link is a file of 0 bytes', () => {
    const totals = computeDirTotals(flatten(layers));
    expect(totals.get('/')).toEqual({ bytes: 4010, files: 4 });
    expect(totals.get('/usr/bin')).toEqual({ bytes: 4010, files: 3 });
    expect(totals.get('/opt')).toEqual({ bytes: 0, files: 1 });
  });

  it('analyze: final size is not larger than the layer that stores the bytes', () => {
    const input = { ...buildInput(layers), manifest: flatten(layers) };
    const report = analyzeImage(input);
    expect(report.finalSize).toBe(4010);
    expect(report.finalSize).toBeLessThanOrEqual(report.totalSize);
    expect(report.tree.bytes).toBe(4010);
  });

  it('a link whose target a later layer deleted carries the bytes (the first such link only)', () => {
    const deleted = [...layers, listing(1, [whiteout('/usr/bin/perl')])];
    const totals = computeDirTotals(flatten(deleted));
    expect(totals.get('/')?.bytes).toBe(4010);
    expect(totals.get('/opt')?.bytes).toBe(4000);
    expect(totals.get('/usr/bin')?.bytes).toBe(10);
  });

  it('a link whose target a later layer replaced keeps the old bytes next to the new file', () => {
    const replaced = [...layers, listing(1, [dir('/usr'), dir('/usr/bin'), file('/usr/bin/perl', 7)])];
    expect(computeDirTotals(flatten(replaced)).get('/')?.bytes).toBe(4000 + 7 + 10);
  });
});
