// The scan's handling of image VOLUMEs: which paths get a tmpfs, the engine's archive stat, and the
// runtime's mount points taken out of a listing again.
import { describe, expect, it } from 'vitest';
import { isDirStat, parsePathStat } from '../../src/engine/path-stat.js';
import type { ScanListing } from '../../src/scan/scan-lines.js';
import { volumePaths, withoutMountPoints } from '../../src/scan/scan-volumes.js';
import type { FileEntry } from '../../src/types.js';

const dir = (path: string, mtime: number): FileEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime, layerIndex: 0 });
const stat = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64');

describe('image VOLUMEs in the scan', () => {
  it('takes absolute VOLUME paths, cleaned as Docker does (.. stops at the root) and deduplicated, deepest first', () => {
    const volumes = { '/data/': {}, '/data': {}, '/var/lib/x//y': {}, '/a': {}, 'relative': {}, '/': {}, '/up/../etc': {}, '/../../b/./c': {}, '/..': {} };
    expect(volumePaths({ Volumes: volumes })).toEqual(['/var/lib/x/y', '/b/c', '/a', '/data', '/etc']);
    expect(volumePaths({ Volumes: null })).toEqual([]);
    expect(volumePaths({})).toEqual([]);
  });

  it('reads the engine archive stat: whole seconds, the directory bit', () => {
    const d = parsePathStat(stat({ name: 'data', size: 4096, mode: 2147484141, mtime: '2026-12-03T14:39:18.587786918Z', linkTarget: '' }));
    expect(d).toEqual({ mode: 2147484141, mtime: Date.UTC(2026, 11, 3, 14, 39, 18) / 1000, linkTarget: '' });
    expect(parsePathStat(stat({ mode: 134218239, mtime: '2001-02-03T04:05:06Z', linkTarget: 'usr/lib' })).linkTarget).toBe('usr/lib');
    expect(isDirStat(d)).toBe(true);
    const f = parsePathStat(stat({ mode: 0o644, mtime: '2001-02-03T04:05:06+01:00' }));
    expect(f.mtime).toBe(Date.UTC(2001, 1, 3, 3, 5, 6) / 1000);
    expect(isDirStat(f)).toBe(false);
    expect(() => parsePathStat(stat({ mode: 1 }))).toThrow(/not \{ mode, mtime \}/);
    expect(() => parsePathStat(stat({ mode: 1, mtime: 'yesterday' }))).toThrow(/not \{ mode, mtime \}/);
  });

  it('drops the mount points the runtime made and puts back the mtime of the directory they were made in', () => {
    const listing: ScanListing = {
      entries: [dir('/nothere', 99), dir('/nothere/deep', 99), dir('/var', 5), dir('/var/lib', 6), dir('/var/lib/kept', 99), dir('/var/lib/kept/none', 99)],
      elf: new Map(),
      hidden: ['/nothere/deep/locked'],
    };
    const points = { created: new Set(['/nothere', '/nothere/deep', '/var/lib/kept/none', '/nothere/deep/locked']), mtimes: new Map([['/var/lib/kept', 7]]) };
    const out = withoutMountPoints(listing, points);
    expect(out.entries.map((e) => [e.path, e.mtime])).toEqual([['/var', 5], ['/var/lib', 6], ['/var/lib/kept', 7]]);
    expect(out.hidden).toEqual([]);
    expect(withoutMountPoints(listing, { created: new Set(), mtimes: new Map() })).toBe(listing);
  });
});
