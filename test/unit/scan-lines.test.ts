// The scan's JSONL → entries, ELF facts and whole files; and the e2e's comparison can tell readings apart.
import { describe, expect, it } from 'vitest';
import { scanCaptured, scanManifest, wholeFilesWanted } from '../../src/scan/scan-captured.js';
import { parseReadLines, ScanIncompleteError, ScanParser, type ScanListing } from '../../src/scan/scan-lines.js';
import type { FileEntry, Manifest } from '../../src/types.js';
import { byLinkGroup, capturedDiff, manifestDiff } from '../helpers/manifest-diff.js';

const ELF = { class: 64, machine: 62, needed: ['libc.so.6'], rpath: [], runpath: ['$ORIGIN/../lib'], interp: '/lib64/ld-linux-x86-64.so.2' };
const LINES = [
  '{"type":"scan","schema":1}',
  '{"type":"entry","path":"/.dockerenv","kind":"file","mode":493,"uid":0,"gid":0,"size":0,"mtime":9}',
  '{"type":"entry","path":"/bin","kind":"symlink","mode":511,"uid":0,"gid":0,"size":0,"mtime":5,"link":"usr/bin"}',
  '{"type":"mount","path":"/dev"}',
  '{"type":"entry","path":"/etc","kind":"dir","mode":493,"uid":0,"gid":0,"size":0,"mtime":7}',
  '{"type":"entry","path":"/etc/passwd","kind":"file","mode":420,"uid":0,"gid":0,"size":5,"mtime":7}',
  '{"type":"mount","path":"/etc/hosts"}',
  '{"type":"entry","path":"/usr/bin/caf\\u00e9","kind":"file","mode":2541,"uid":0,"gid":50,"size":100,"mtime":3,' +
    `"xattrs":{"security.capability":"AQAAAgAgAAAAAAAAAAAAAAAAAAA="},"elf":${JSON.stringify(ELF)}}`,
  '{"type":"entry","path":"/usr/bin/two","kind":"hardlink","mode":2541,"uid":0,"gid":50,"size":100,"mtime":3,"link":"/usr/bin/caf\\u00e9"}',
  '{"type":"entry","path":"/usr/bin/s","kind":"socket","mode":493,"uid":0,"gid":0,"size":0,"mtime":3}',
  '{"type":"entry","path":"/dev/null","kind":"char","mode":438,"uid":0,"gid":0,"size":0,"mtime":3,"rdev":[1,3]}',
  '{"type":"end","entries":8,"errors":0}',
];

function listing(lines = LINES): ScanListing {
  const parser = new ScanParser();
  for (const line of lines) parser.line(line);
  return parser.finish();
}

describe('scan JSONL', () => {
  it('turns entries into flattened-manifest entries, leaving out Docker runtime paths and sockets', () => {
    const m = scanManifest(listing());
    expect([...m.entries.keys()]).toEqual(['/bin', '/etc', '/etc/passwd', '/usr/bin/caf\xe9', '/usr/bin/two']);
    const cafe = m.entries.get('/usr/bin/caf\xe9');
    expect(cafe).toMatchObject({ type: 'file', mode: 0o4755, gid: 50, size: 100, mtime: 3, layerIndex: 0 });
    expect(cafe?.xattrs?.['security.capability']?.toString('hex')).toBe('0100000200200000000000000000000000000000');
    expect(m.entries.get('/usr/bin/two')).toMatchObject({ type: 'hardlink', linkTarget: '/usr/bin/caf\xe9', size: 100 });
    expect(m.entries.get('/bin')).toMatchObject({ type: 'symlink', linkTarget: 'usr/bin', size: 0 });
  });

  it('builds ELF facts key for key as parseElf does', () => {
    const info = listing().elf.get('/usr/bin/caf\xe9');
    const { interp: _i, ...rest } = ELF;
    expect(info).toStrictEqual({ ...rest, interpreter: ELF.interp });
    // The same key order as parseElf's result (reports serialise it).
    expect(Object.keys(info ?? {})).toEqual(['needed', 'rpath', 'runpath', 'class', 'machine', 'interpreter']);
  });

  it('asks for the planner text files whole and captures them, ELF facts for the rest', () => {
    const l = listing();
    expect(wholeFilesWanted(l)).toEqual(['/etc/passwd']);
    const captured = scanCaptured(l, parseReadLines(['{"type":"file","path":"/etc/passwd","data":"cm9vdAo="}', '{"type":"end","files":1,"errors":0}']));
    expect(captured.get('/etc/passwd')).toEqual({ kind: 'text', text: 'root\n' });
    expect(captured.get('/usr/bin/caf\xe9')?.kind).toBe('elf');
    expect(captured.has('/usr/bin/two')).toBe(false);
    expect(() => scanCaptured(l, new Map())).toThrow(/no contents for \/etc\/passwd/);
    // Typed, so read-source falls back to docker save instead of failing the run.
    expect(() => scanCaptured(l, new Map())).toThrow(ScanIncompleteError);
  });

  it('refuses a truncated scan, sensor errors, another schema, and a mount that hides image content', () => {
    expect(() => listing(LINES.slice(0, -1))).toThrow(ScanIncompleteError);
    expect(() => listing([LINES[0] ?? '', '{"type":"error","path":"/x","message":"open: Permission denied"}', LINES.at(-1) ?? ''])).toThrow(/could not read 1 path/);
    expect(() => listing(['{"type":"scan","schema":2}'])).toThrow(/schema 2/);
    expect(listing([LINES[0] ?? '', '{"type":"mount","path":"/data"}', LINES.at(-1) ?? '']).hidden).toEqual(['/data']);
    expect(() => parseReadLines(['{"type":"error","path":"/etc/passwd","message":"read: EIO"}'])).toThrow(/could not read \/etc\/passwd/);
    expect(() => parseReadLines(['{"type":"file","path":"/a","data":""}'])).toThrow(/truncated/);
  });
});

describe('the e2e comparison', () => {
  const scanned = scanManifest(listing());
  const saved: Manifest = { entries: new Map(scanned.entries) };
  const perturb = (path: string, change: Partial<FileEntry>): Manifest => {
    const entries = new Map(saved.entries);
    const e = entries.get(path);
    if (e) entries.set(path, { ...e, ...change });
    return { entries };
  };

  it('finds no difference between equal readings, nor in Docker runtime paths or hard-link orientation', () => {
    expect(manifestDiff(saved, scanned)).toEqual([]);
    const withRuntime = new Map(saved.entries).set('/etc/hosts', { path: '/etc/hosts', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, mtime: 1, layerIndex: 0 });
    expect(manifestDiff({ entries: withRuntime }, scanned)).toEqual([]);
    const flipped = perturb('/usr/bin/caf\xe9', { type: 'hardlink', linkTarget: '/usr/bin/two' });
    const { linkTarget: _l, ...two } = scanned.entries.get('/usr/bin/two') ?? saved.entries.get('/bin')!;
    (flipped.entries as Map<string, FileEntry>).set('/usr/bin/two', { ...two, type: 'file' });
    expect(manifestDiff(flipped, scanned)).toEqual([]);
  });

  it('fails on a perturbed entry: mode, owner, size, link target, capability, mtime, a missing path', () => {
    expect(manifestDiff(perturb('/etc/passwd', { mode: 0o600 }), scanned)).toHaveLength(1);
    expect(manifestDiff(perturb('/etc/passwd', { uid: 1 }), scanned)).toHaveLength(1);
    expect(manifestDiff(perturb('/etc/passwd', { size: 6 }), scanned)).toHaveLength(1);
    expect(manifestDiff(perturb('/etc/passwd', { mtime: 8 }), scanned)).toHaveLength(1);
    expect(manifestDiff(perturb('/bin', { linkTarget: '/usr/bin' }), scanned)).toHaveLength(1);
    expect(manifestDiff(perturb('/usr/bin/caf\xe9', { xattrs: {} }), scanned)).toHaveLength(1);
    const missing = new Map(saved.entries);
    missing.delete('/etc/passwd');
    expect(manifestDiff({ entries: missing }, scanned)).toEqual(['/etc/passwd: only in the scan']);
    // Docker rewrites /etc when it makes a container: its mtime is not compared.
    expect(manifestDiff(perturb('/etc', { mtime: 1 }), scanned)).toEqual([]);
  });

  it('fails on a perturbed ELF fact or text', () => {
    const captured = scanCaptured(listing(), new Map([['/etc/passwd', Buffer.from('root\n')]]));
    const other = new Map(captured).set('/etc/passwd', { kind: 'text', text: 'root:x\n' });
    expect(capturedDiff(byLinkGroup(captured, scanned), byLinkGroup(captured, scanned))).toEqual([]);
    expect(capturedDiff(captured, other)).toHaveLength(1);
    const elf = captured.get('/usr/bin/caf\xe9');
    if (elf?.kind !== 'elf') throw new Error('no elf');
    expect(capturedDiff(captured, new Map(captured).set('/usr/bin/caf\xe9', { kind: 'elf', info: { ...elf.info, needed: [] } }))).toHaveLength(1);
  });
});
