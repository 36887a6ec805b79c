// CompactEntries: the columnar Manifest map behaves like the sorted Map<ImagePath, FileEntry> it replaces.
import { describe, expect, it } from 'vitest';
import { CompactEntries } from '../../src/image/compact-entries.js';
import type { FileEntry } from '../../src/types.js';

const entry = (path: string, more: Partial<FileEntry> = {}): FileEntry => ({
  path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, mtime: 1_700_000_000, layerIndex: 0, ...more,
});

const given: FileEntry[] = [
  entry('/usr/bin/ping', { xattrs: { 'security.capability': Buffer.from([1, 2, 3]) }, mode: 0o4755, layerIndex: 2 }),
  entry('/etc', { type: 'dir', mode: 0o755, size: 0 }),
  entry('/bin', { type: 'symlink', mode: 0o777, size: 0, linkTarget: 'usr/bin' }),
  entry('/etc/\xe9t\xe9', { uid: 1000, gid: 4294967294, size: 5_000_000_000, mtime: -5 }),
  entry('/dev/null', { type: 'char', mode: 0o666, size: 0, devMajor: 1, devMinor: 3 }),
  entry('/usr/bin/ping6', { type: 'hardlink', linkTarget: '/usr/bin/ping', layerIndex: 2 }),
  entry('/tmp', { type: 'dir', mode: 0o1777, size: 0 }),
  entry('/etc/fifo', { type: 'fifo', size: 0 }),
];
const sorted = [...given].sort((a, b) => (a.path < b.path ? -1 : 1));
const reference = new Map(sorted.map((e) => [e.path, e]));

describe('CompactEntries', () => {
  it('gives back every entry field for field, in path order', () => {
    const compact = new CompactEntries(given);
    expect(compact.size).toBe(given.length);
    expect([...compact]).toEqual([...reference]);
    expect([...compact.keys()]).toEqual([...reference.keys()]);
    expect([...compact.values()]).toEqual([...reference.values()]);
    expect([...compact.entries()]).toEqual([...reference.entries()]);
    const seen: string[] = [];
    compact.forEach((value, key, map) => {
      expect(map).toBe(compact);
      expect(value).toEqual(reference.get(key));
      seen.push(key);
    });
    expect(seen).toEqual([...reference.keys()]);
  });

  it('looks paths up, leaves absent optional fields out and keeps the readers key order', () => {
    const compact = new CompactEntries(given);
    expect(compact.has('/etc')).toBe(true);
    expect(compact.has('/nope')).toBe(false);
    expect(compact.get('/nope')).toBeUndefined();
    const tmp = compact.get('/tmp')!;
    expect(Object.keys(tmp)).toEqual(['path', 'type', 'mode', 'uid', 'gid', 'size', 'mtime', 'layerIndex']);
    expect(Object.keys(compact.get('/dev/null')!)).toEqual(['path', 'type', 'mode', 'uid', 'gid', 'size', 'mtime', 'devMajor', 'devMinor', 'layerIndex']);
    expect(compact.get('/usr/bin/ping')!.xattrs!['security.capability']).toEqual(Buffer.from([1, 2, 3]));
    expect(compact.get('/etc/\xe9t\xe9')).toEqual(reference.get('/etc/\xe9t\xe9'));
  });

  it('keeps the later of two entries for one path, as new Map(pairs) does', () => {
    const compact = new CompactEntries([entry('/a', { size: 1 }), entry('/b'), entry('/a', { size: 2 })]);
    expect([...compact.keys()]).toEqual(['/a', '/b']);
    expect(compact.get('/a')!.size).toBe(2);
  });

  it('is empty for no entries and refuses values its columns cannot hold', () => {
    expect([...new CompactEntries([])]).toEqual([]);
    expect(() => new CompactEntries([entry('/x', { uid: -1 })])).toThrow(/out of range/);
    expect(() => new CompactEntries([entry('/x', { mode: 0o200000 })])).toThrow(/out of range/);
  });
});
