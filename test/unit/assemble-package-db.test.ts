import { describe, expect, it } from 'vitest';
import { packageDbFiles } from '../../src/assemble/package-db-files.js';
import { dpkgInfoFiles, packageKey, parseStatusStanzas, trimDpkgStatus } from '../../src/assemble/package-db.js';
import type { Component } from '../../src/ecosystem/types.js';
import type { KeptPackage } from '../../src/sbom/kept-packages.js';
import type { FileEntry, Manifest } from '../../src/types.js';

const libcAmd64 = [
  'Package: libc6',
  'Status: install ok installed',
  'Priority: optional',
  'Architecture: amd64',
  'Multi-Arch: same',
  'Version: 2.36-9+deb12u4',
  'Description: GNU C Library: Shared libraries',
  ' Contains the standard libraries that are used by nearly all programs on',
  ' the system.',
  ' .',
  ' Package: fake-field-in-description',
].join('\n');
const libcI386 = ['Package: libc6', 'Status: install ok installed', 'Architecture: i386', 'Multi-Arch: same', 'Version: 2.36-9+deb12u4'].join('\n');
const redis = [
  'Package: redis-server',
  'Status: install ok installed',
  'Architecture: amd64',
  'Version: 5:7.0.15-1~deb12u1',
  'Depends: libc6 (>= 2.34), redis-tools (= 5:7.0.15-1~deb12u1)',
  'Conffiles:',
  ' /etc/redis/redis.conf 0b5e4d1a2ad5e6ea1eb41a7f3e60bc2a',
  '\t/etc/default/redis-server 1e9c8f3a',
  'Description: Persistent key-value database with network interface',
  ' Café — non-ASCII stays as it was.',
].join('\n');
const removed = ['Package: old-tool', 'Status: deinstall ok config-files', 'Architecture: amd64', 'Version: 1.0'].join('\n');
const tzdata = ['Package: tzdata', 'Status: install ok installed', 'Architecture: all', 'Version: 2024a-0+deb12u1'].join('\n');

// Two blank lines between two stanzas and a file with no final blank line: both occur in the wild.
const source = Buffer.from(`${libcAmd64}\n\n${libcI386}\n\n\n${redis}\n\n${removed}\n\n${tzdata}\n`, 'utf8');

describe('parseStatusStanzas', () => {
  it('splits stanzas on blank lines and reads only top-level fields', () => {
    const stanzas = parseStatusStanzas(source);
    expect(stanzas.map(packageKey)).toEqual(['libc6:amd64', 'libc6:i386', 'redis-server:amd64', 'old-tool:amd64', 'tzdata:all']);
    // The description's continuation line that reads like a field does not rename the package.
    expect(stanzas[0]!.name).toBe('libc6');
    expect(stanzas[3]!.state).toBe('config-files');
  });
});

describe('trimDpkgStatus', () => {
  it('keeps the kept stanzas byte for byte, continuation lines and non-ASCII included', () => {
    const trimmed = trimDpkgStatus(source, ['redis-server', 'tzdata']);
    expect(trimmed.status.equals(Buffer.from(`${redis}\n\n${tzdata}\n\n`, 'utf8'))).toBe(true);
    expect(trimmed.listed.map(packageKey)).toEqual(['redis-server:amd64', 'tzdata:all']);
    expect(trimmed.notInstalled).toEqual([]);
  });

  it('a bare name keeps every installed arch; name:arch keeps that one', () => {
    expect(trimDpkgStatus(source, ['libc6']).listed.map(packageKey)).toEqual(['libc6:amd64', 'libc6:i386']);
    const i386 = trimDpkgStatus(source, ['libc6:i386']);
    expect(i386.listed.map(packageKey)).toEqual(['libc6:i386']);
    expect(i386.status.toString('utf8')).toBe(`${libcI386}\n\n`);
  });

  it('names a kept package that is not installed instead of listing it', () => {
    const trimmed = trimDpkgStatus(source, ['old-tool', 'never-there', 'libc6:arm64', 'tzdata']);
    expect(trimmed.listed.map(packageKey)).toEqual(['tzdata:all']);
    expect(trimmed.notInstalled).toEqual(['libc6:arm64', 'never-there', 'old-tool']);
  });

  it('keeps nothing when nothing is kept (an empty, valid status)', () => {
    expect(trimDpkgStatus(source, []).status.length).toBe(0);
  });
});

describe('dpkgInfoFiles', () => {
  const file = (path: string): [string, FileEntry] => [path, { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10, mtime: 0, layerIndex: 0 }];
  const manifest: Manifest = {
    entries: new Map([
      file('/var/lib/dpkg/info/libc6:amd64.list'),
      file('/var/lib/dpkg/info/libc6:amd64.md5sums'),
      file('/var/lib/dpkg/info/libc6:i386.list'),
      file('/var/lib/dpkg/info/redis-server.list'),
      file('/var/lib/dpkg/info/redis-server.md5sums'),
      file('/var/lib/dpkg/info/redis-server.postinst'),
      file('/var/lib/dpkg/info/tzdata.list'),
    ]),
  };

  it('finds <pkg>:<arch> files for multi-arch packages and <pkg> files otherwise, only .list and .md5sums', () => {
    expect(dpkgInfoFiles(manifest, [{ name: 'libc6', arch: 'amd64' }, { name: 'redis-server', arch: 'amd64' }])).toEqual([
      '/var/lib/dpkg/info/libc6:amd64.list',
      '/var/lib/dpkg/info/libc6:amd64.md5sums',
      '/var/lib/dpkg/info/redis-server.list',
      '/var/lib/dpkg/info/redis-server.md5sums',
    ]);
    expect(dpkgInfoFiles(manifest, [{ name: 'tzdata', arch: 'all' }, { name: 'absent', arch: 'amd64' }])).toEqual(['/var/lib/dpkg/info/tzdata.list']);
  });
});

describe('packageDbFiles', () => {
  const entry = (path: string, over: Partial<FileEntry> = {}): [string, FileEntry] => [path, { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10, mtime: 0, layerIndex: 0, ...over }];
  const status = Buffer.from(`${libcAmd64}\n\n${libcI386}\n\n${redis}\n\n${tzdata}\n\n`, 'utf8');
  const manifest: Manifest = {
    entries: new Map([
      entry('/var/lib/dpkg/status', { mode: 0o640, uid: 3, mtime: 1_700_000_123, size: status.length }),
      entry('/var/lib/dpkg/info/libc6:i386.list'),
      entry('/var/lib/dpkg/info/libc6:amd64.list'),
      entry('/var/lib/dpkg/info/redis-server.md5sums'),
      entry('/app/node_modules/express/package.json'),
    ]),
  };
  const kept = (component: Partial<Component> & Pick<Component, 'id' | 'kind' | 'name'>): KeptPackage => ({ component: { files: [], dependsOn: [], role: 'runtime', ...component }, why: 'test' });
  const packages = [
    kept({ id: 'dpkg:libc6:i386', kind: 'dpkg', name: 'libc6', purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386' }),
    kept({ id: 'dpkg:redis-server', kind: 'dpkg', name: 'redis-server', purl: 'pkg:deb/debian/redis-server@5:7.0.15-1~deb12u1?arch=amd64' }),
    kept({ id: 'npm:express@4.18.2', kind: 'npm', name: 'express', metadata: ['/app/node_modules/express/package.json', '/app/node_modules/express/gone.json'] }),
  ];

  it('generates the status of the kept packages (arch from the purl) with the source entry\'s mode, owner and mtime', () => {
    const files = packageDbFiles({ manifest, packages, dpkgStatus: status });
    expect(files.generated).toHaveLength(1);
    const [generated] = files.generated;
    expect(generated!.content.toString('utf8')).toBe(`${libcI386}\n\n${redis}\n\n`);
    expect(generated!.entry).toMatchObject({ path: '/var/lib/dpkg/status', mode: 0o640, uid: 3, mtime: 1_700_000_123, size: generated!.content.length });
    expect(files.keep).toEqual(['/app/node_modules/express/package.json', '/var/lib/dpkg/info/libc6:i386.list', '/var/lib/dpkg/info/redis-server.md5sums']);
  });

  it('without a dpkg status in the source there is no status to write, but npm metadata is still kept', () => {
    const bare: Manifest = { entries: new Map([...manifest.entries].filter(([path]) => path !== '/var/lib/dpkg/status')) };
    expect(packageDbFiles({ manifest: bare, packages, dpkgStatus: status })).toEqual({ keep: ['/app/node_modules/express/package.json'], generated: [], notInstalled: [] });
  });
});
