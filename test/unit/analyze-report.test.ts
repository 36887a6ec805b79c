// Analysis over layer listings built in the test: dive's wasted bytes and efficiency, layers, biggest paths.
import { describe, expect, it } from 'vitest';
import { analyzeImage, describeInstruction } from '../../src/analyze/analyze.js';
import { computeEfficiency } from '../../src/analyze/efficiency.js';
import { buildInput, dir, file, listing, whiteout } from './analyze-helpers.js';

describe('computeEfficiency (dive)', () => {
  it('counts an overwritten file in full, both copies, as dive does', () => {
    const result = computeEfficiency([
      listing(0, [dir('/app'), file('/app/a', 100), file('/app/b', 7)]),
      listing(1, [dir('/app'), file('/app/a', 40)]),
    ]);
    expect(result.wastedBytes).toBe(140);
    expect(result.inefficiencies).toEqual([{ path: '/app/a', count: 2, bytes: 140 }]);
    // min sizes 40 + 7, discovered 140 + 7
    expect(result.efficiency).toBeCloseTo(47 / 147, 10);
  });

  it('sums three copies of a path and takes the smallest as its minimum', () => {
    const result = computeEfficiency([
      listing(0, [file('/a', 50), file('/b', 1)]),
      listing(1, [file('/a', 20)]),
      listing(2, [file('/a', 80)]),
    ]);
    expect(result.inefficiencies).toEqual([{ path: '/a', count: 3, bytes: 150 }]);
    expect(result.wastedBytes).toBe(150);
    expect(result.efficiency).toBeCloseTo(21 / 151, 10);
  });

  it('counts a file deleted by a whiteout with a zero-sized visit', () => {
    const result = computeEfficiency([
      listing(0, [file('/big.tar', 1000), file('/keep', 10)]),
      listing(1, [whiteout('/big.tar')]),
    ]);
    expect(result.wastedBytes).toBe(1000);
    expect(result.efficiency).toBeCloseTo(10 / 1010, 10);
  });

  it('sizes a deleted directory by its subtree in the layers below', () => {
    const result = computeEfficiency([
      listing(0, [dir('/cache'), file('/cache/x', 300), file('/cache/y', 200), file('/bin', 50)]),
      listing(1, [whiteout('/cache')]),
    ]);
    // /cache was no leaf in layer 0; its whiteout visit is sized 500 and stands alone.
    expect(result.wastedBytes).toBe(0);
    expect(result.efficiency).toBe(1);
    // ...but the bytes it removes are listed as deleted.
    expect(result.deleted).toEqual([{ path: '/cache', bytes: 500, layerIndex: 1 }]);
    const again = computeEfficiency([
      listing(0, [dir('/cache')]),
      listing(1, [file('/cache/x', 300)]),
      listing(2, [whiteout('/cache')]),
    ]);
    expect(again.inefficiencies).toEqual([{ path: '/cache', count: 2, bytes: 300 }]);
  });

  it('goes on past a whiteout of a path no lower layer has (dive PR #715)', () => {
    const result = computeEfficiency([
      listing(0, [file('/a', 10)]),
      listing(1, [whiteout('/never'), file('/a', 10)]),
    ]);
    expect(result.wastedBytes).toBe(20);
    expect(result.deleted).toEqual([]);
  });

  it('lists what an opaque dir hides', () => {
    const result = computeEfficiency([
      listing(0, [dir('/d'), file('/d/x', 30)]),
      listing(1, [dir('/d'), { ...file('/d/.wh..wh..opq', 0), whiteout: { kind: 'opaque', dir: '/d' } }]),
    ]);
    expect(result.deleted).toEqual([{ path: '/d', bytes: 30, layerIndex: 1 }]);
  });

  it('scores an image without duplicates as 1', () => {
    expect(computeEfficiency([listing(0, [file('/a', 5)])]).efficiency).toBe(1);
    expect(computeEfficiency([]).efficiency).toBe(1);
  });
});

describe('analyzeImage', () => {
  const input = buildInput(
    [
      listing(0, [dir('/usr'), dir('/usr/lib'), file('/usr/lib/libc.so', 2000), file('/etc/passwd', 30)]),
      listing(1, [dir('/app'), file('/app/server.js', 500), file('/etc/passwd', 40), file('/tmp/x.tar.gz', 900)]),
      listing(2, [whiteout('/tmp/x.tar.gz')]),
    ],
    ['/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c #(nop) COPY dir:def in /app ', 'RUN /bin/sh -c rm /tmp/x.tar.gz # buildkit'],
  );
  const report = analyzeImage({ ...input, top: 2 });

  it('summarises each layer like dive: size is the sum of entry sizes', () => {
    expect(report.layers.map((l) => [l.index, l.size, l.instruction, l.added, l.changed, l.removed])).toEqual([
      [0, 2030, 'ADD file:abc in /', 2, 0, 0],
      [1, 1440, 'COPY dir:def in /app', 2, 1, 0],
      [2, 0, 'RUN rm /tmp/x.tar.gz', 0, 0, 1],
    ]);
    expect(report.totalSize).toBe(3470);
    expect(report.finalSize).toBe(2540);
    expect(report.wastedBytes).toBe(70 + 900);
    expect(report.deletedBytes).toBe(900);
    expect(report.deleted).toEqual([{ path: '/tmp/x.tar.gz', bytes: 900, layerIndex: 2 }]);
  });

  it('lists the biggest files and dirs, top N', () => {
    expect(report.biggestFiles.map((f) => [f.path, f.size])).toEqual([['/usr/lib/libc.so', 2000], ['/app/server.js', 500]]);
    expect(report.biggestDirs.map((d) => [d.path, d.size])).toEqual([['/usr', 2000], ['/usr/lib', 2000]]);
  });

  it('keeps the biggest files by size, then path, and counts them all, for any top', () => {
    const sizes = [7, 3, 9, 3, 9, 1, 5];
    const many = buildInput([listing(0, sizes.map((size, i) => file(`/f${i}`, size)))]);
    const sorted = sizes.map((size, i) => [`/f${i}`, size] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const top of [0, 1, 3, 7, 20]) {
      const result = analyzeImage({ ...many, top });
      expect(result.biggestFiles.map((f) => [f.path, f.size])).toEqual(sorted.slice(0, top));
      expect(result.fileCount).toBe(7);
    }
  });

  it('trims history lines into instructions', () => {
    expect(describeInstruction('/bin/sh -c apt-get update &&     apt-get install -y gcc')).toBe('RUN apt-get update && apt-get install -y gcc');
    expect(describeInstruction('ENV A=1')).toBe('ENV A=1');
    expect(describeInstruction(undefined)).toBe('');
  });
});
