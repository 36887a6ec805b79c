// dpkg reader: installed packages, dependency alternatives and virtual packages, .list files through symlinked dirs.
import { describe, expect, it } from 'vitest';
import { parseRelations } from '../../src/ecosystem/dpkg-control.js';
import { compareDebianVersions } from '../../src/ecosystem/dpkg-version.js';
import { readDpkg } from '../../src/ecosystem/dpkg.js';
import { readComponents } from '../../src/ecosystem/index.js';
import { listFile, stanza, treeInput } from './ecosystem-helpers.js';

const status = [
  stanza({ Package: 'libc6', 'Multi-Arch': 'same', Version: '2.36-9', Depends: 'libgcc-s1' }),
  stanza({ Package: 'libgcc-s1', Version: '12.2.0-14' }),
  stanza({ Package: 'postfix', Provides: 'mail-transport-agent', Version: '3.7.10-0' }),
  stanza({ Package: 'python3.11', Version: '3.11.2-6' }),
  stanza({ Package: 'python3', Architecture: 'amd64', 'Multi-Arch': 'allowed', Version: '3.11.2-1' }),
  stanza({
    Package: 'app-tool',
    Version: '2:1.0+dfsg-1',
    'Pre-Depends': 'libc6 (>= 2.34)',
    Depends: 'exim4 | mail-transport-agent, python3:any (>= 3.11~), python3.11 (>= 3.12) | libgcc-s1, missing-pkg',
  }),
  stanza({ Package: 'libtool-dev', Section: 'libdevel', Depends: 'libc6' }),
  stanza({ Package: 'tool-doc', Section: 'doc', Architecture: 'all' }),
  stanza({ Package: 'removed-pkg', Status: 'deinstall ok config-files' }),
].join('\n');

const input = treeInput({
  symlinks: { '/lib': 'usr/lib', '/lib64': 'usr/lib64' },
  dirs: ['/usr/share/doc'],
  files: {
    '/var/lib/dpkg/status': status,
    '/var/lib/dpkg/info/libc6:amd64.list': listFile(['/.', '/lib', '/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu/libc.so.6', '/usr/share/doc/libc6', '/usr/share/doc/libc6/copyright']),
    '/var/lib/dpkg/info/libc6:amd64.md5sums': 'abc  lib/x86_64-linux-gnu/libc.so.6\n',
    '/var/lib/dpkg/info/libc6:amd64.postinst': '#!/bin/sh\n',
    '/var/lib/dpkg/info/libgcc-s1.list': listFile(['/.', '/lib', '/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu/libgcc_s.so.1']),
    '/var/lib/dpkg/info/app-tool.list': listFile(['/.', '/usr', '/usr/bin', '/usr/bin/app-tool', '/usr/share/app-tool/gone.txt']),
    '/var/lib/dpkg/info/libtool-dev.list': listFile(['/usr/include/tool.h']),
    '/var/lib/dpkg/info/tool-doc.list': listFile(['/usr/share/doc/tool-doc', '/usr/share/doc/tool-doc/manual.html']),
    '/usr/lib/x86_64-linux-gnu/libc.so.6': 2000,
    '/usr/lib/x86_64-linux-gnu/libgcc_s.so.1': 100,
    '/usr/share/doc/libc6/copyright': 'c',
    '/usr/bin/app-tool': 10,
    '/usr/include/tool.h': 'int x;',
    '/usr/share/doc/tool-doc/manual.html': '<p>',
    '/etc/ld.so.cache': 50,
  },
});

describe('dpkg reader', () => {
  const components = new Map(readDpkg(input).claims.map((c) => [c.component.id, c.component]));

  it('reads installed packages only', () => {
    expect([...components.keys()].sort()).toEqual(
      ['dpkg:app-tool', 'dpkg:libc6', 'dpkg:libgcc-s1', 'dpkg:libtool-dev', 'dpkg:postfix', 'dpkg:python3', 'dpkg:python3.11', 'dpkg:tool-doc'],
    );
  });

  it('resolves alternatives, virtual packages, arch qualifiers and version constraints', () => {
    // exim4 is absent, so postfix provides mail-transport-agent; python3.11 is too old for `>= 3.12`, so libgcc-s1.
    expect(components.get('dpkg:app-tool')?.dependsOn).toEqual(['dpkg:libc6', 'dpkg:libgcc-s1', 'dpkg:postfix', 'dpkg:python3']);
    expect(components.get('dpkg:libc6')?.dependsOn).toEqual(['dpkg:libgcc-s1']);
  });

  it('maps listed paths through symlinked dirs, drops removed ones, and leaves shared dirs unowned', () => {
    const libc = components.get('dpkg:libc6');
    expect(libc?.files).toContain('/usr/lib/x86_64-linux-gnu/libc.so.6');
    expect(libc?.files).toContain('/usr/share/doc/libc6/copyright');
    // `/lib` and `/usr/lib/x86_64-linux-gnu` are listed by two packages: nobody's.
    expect(libc?.files).not.toContain('/lib');
    expect(libc?.files).not.toContain('/usr/lib/x86_64-linux-gnu');
    // A dir only one package lists is that package's; `gone.txt` was removed after install.
    expect(components.get('dpkg:app-tool')?.files).toEqual(['/usr', '/usr/bin', '/usr/bin/app-tool']);
  });

  it('leaves files made by maintainer scripts to no package', () => {
    const index = readComponents(input);
    expect(index.ownerOf('/etc/ld.so.cache')).toBeUndefined();
    expect(index.ownerOf('/usr/lib/x86_64-linux-gnu/libgcc_s.so.1')?.id).toBe('dpkg:libgcc-s1');
  });

  it('gives roles, purls and metadata', () => {
    expect(components.get('dpkg:libtool-dev')?.role).toBe('dev');
    expect(components.get('dpkg:tool-doc')?.role).toBe('docs');
    expect(components.get('dpkg:libc6')?.role).toBe('runtime');
    expect(components.get('dpkg:app-tool')?.purl).toBe('pkg:deb/debian/app-tool@2:1.0%2Bdfsg-1?arch=amd64');
    expect([...(components.get('dpkg:libc6')?.metadata ?? [])].sort()).toEqual([
      '/var/lib/dpkg/info/libc6:amd64.list',
      '/var/lib/dpkg/info/libc6:amd64.md5sums',
      '/var/lib/dpkg/info/libc6:amd64.postinst',
    ]);
  });
});

describe('dpkg control syntax', () => {
  it('parses relations with alternatives, qualifiers and restrictions', () => {
    expect(parseRelations('a (>= 1.2) | b:any, c [amd64] <!nocheck>')).toEqual([
      [{ name: 'a', op: '>=', version: '1.2' }, { name: 'b', archQualifier: 'any' }],
      [{ name: 'c' }],
    ]);
  });

  it('compares versions like dpkg', () => {
    expect(compareDebianVersions('1.0~rc1', '1.0')).toBeLessThan(0);
    expect(compareDebianVersions('1:0.1', '9.9')).toBeGreaterThan(0);
    expect(compareDebianVersions('2.36-9+deb12u4', '2.36-9')).toBeGreaterThan(0);
    expect(compareDebianVersions('1.10', '1.9')).toBeGreaterThan(0);
    expect(compareDebianVersions('3.11.2-6', '3.11.2-6')).toBe(0);
  });
});
