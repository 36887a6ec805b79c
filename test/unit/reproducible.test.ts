// Slim image timestamps come from the source or SOURCE_DATE_EPOCH, never from the clock.
import { describe, expect, it } from 'vitest';
import { clampMtimes, imageCreated, parseSourceDateEpoch, pinDockerTouchedDirs } from '../../src/assemble/reproducible.js';
import { ExitCode } from '../../src/errors.js';
import type { FileEntry, Manifest } from '../../src/types.js';

const file = (path: string, mtime: number): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, mtime, layerIndex: 0 }) as FileEntry;

describe('reproducible timestamps', () => {
  it('takes created from SOURCE_DATE_EPOCH, else from the source, else the epoch', () => {
    expect(imageCreated('2024-05-01T10:00:00Z', 1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(imageCreated('2024-05-01T10:00:00Z', undefined)).toBe('2024-05-01T10:00:00Z');
    expect(imageCreated(undefined, undefined)).toBe('1970-01-01T00:00:00.000Z');
    expect(imageCreated('garbage', undefined)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('parses SOURCE_DATE_EPOCH strictly', () => {
    expect(parseSourceDateEpoch(undefined)).toBeUndefined();
    expect(parseSourceDateEpoch('')).toBeUndefined();
    expect(parseSourceDateEpoch('1700000000')).toBe(1_700_000_000);
    expect(() => parseSourceDateEpoch('yesterday')).toThrow(expect.objectContaining({ code: ExitCode.usage }));
  });

  it('clamps only mtimes newer than the epoch, and leaves the manifest alone without one', () => {
    const manifest: Manifest = { entries: new Map([['/old', file('/old', 100)], ['/new', file('/new', 5000)]]) };
    expect(clampMtimes(manifest, undefined)).toBe(manifest);
    const clamped = clampMtimes(manifest, 1000);
    expect(clamped.entries.get('/old')?.mtime).toBe(100);
    expect(clamped.entries.get('/new')?.mtime).toBe(1000);
    expect(manifest.entries.get('/new')?.mtime).toBe(5000);
  });

  it("gives the dirs Docker writes into at container start (/etc) the image's created, nothing else", () => {
    const dir = { ...file('/etc', 5000), type: 'dir' } as FileEntry;
    const manifest: Manifest = { entries: new Map([['/etc', dir], ['/etc/passwd', file('/etc/passwd', 5000)], ['/usr', { ...dir, path: '/usr' }]]) };
    const pinned = pinDockerTouchedDirs(manifest, '2024-05-01T10:00:00Z');
    expect(pinned.entries.get('/etc')?.mtime).toBe(1714557600);
    expect(pinned.entries.get('/etc/passwd')?.mtime).toBe(5000);
    expect(pinned.entries.get('/usr')?.mtime).toBe(5000);
    expect(manifest.entries.get('/etc')?.mtime).toBe(5000);
  });

  it('pins and clamps through a view with the manifest\'s keys, order and size, as a copied map had them', () => {
    const dir = { ...file('/etc', 5000), type: 'dir' } as FileEntry;
    const entries = new Map([['/a', file('/a', 9000)], ['/etc', dir], ['/etc/x', file('/etc/x', 10)]]);
    const seen = clampMtimes(pinDockerTouchedDirs({ entries }, '2024-05-01T10:00:00Z'), 2000).entries;
    const expected = [['/a', file('/a', 2000)], ['/etc', { ...dir, mtime: 2000 }], ['/etc/x', file('/etc/x', 10)]];
    expect([...seen]).toEqual(expected);
    expect([...seen.keys()]).toEqual(['/a', '/etc', '/etc/x']);
    expect([...seen.values()]).toEqual(expected.map(([, e]) => e));
    const each: unknown[] = [];
    seen.forEach((entry, path) => each.push([path, entry]));
    expect(each).toEqual(expected);
    expect([seen.size, seen.has('/etc'), seen.has('/nope'), seen.get('/nope')]).toEqual([3, true, false, undefined]);
    expect(pinDockerTouchedDirs({ entries }, '2024-05-01T10:00:00Z').entries.get('/etc')?.mtime).toBe(1714557600);
  });
});
