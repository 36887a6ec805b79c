// Module dirs vs loader dirs, data sets with config evidence, carving out of dpkg packages, runtime-dead classes.
import { describe, expect, it } from 'vitest';
import { localesInUse } from '../../src/ecosystem/datasets.js';
import { readComponents } from '../../src/ecosystem/index.js';
import { findModuleDirs } from '../../src/ecosystem/module-dirs.js';
import { isRuntimeDead } from '../../src/ecosystem/runtime-dead.js';
import { listFile, stanza, treeInput } from './ecosystem-helpers.js';

const LIB = '/usr/lib/x86_64-linux-gnu';

const input = treeInput({
  files: {
    '/etc/ld.so.conf': 'include /etc/ld.so.conf.d/*.conf\n',
    '/etc/ld.so.conf.d/local.conf': '/opt/vendor/lib\n',
    '/var/lib/dpkg/status': [stanza({ Package: 'libc6' }), stanza({ Package: 'tzdata', Architecture: 'all' }), stanza({ Package: 'server' })].join('\n'),
    '/var/lib/dpkg/info/libc6.list': listFile([`${LIB}/libc.so.6`, `${LIB}/gconv`, `${LIB}/gconv/UTF-16.so`, `${LIB}/gconv/libGB.so`, `${LIB}/gconv/gconv-modules`]),
    '/var/lib/dpkg/info/tzdata.list': listFile(['/usr/share/zoneinfo', '/usr/share/zoneinfo/Europe', '/usr/share/zoneinfo/Europe/Paris', '/usr/share/doc/tzdata/copyright']),
    '/var/lib/dpkg/info/server.list': listFile([
      '/usr/sbin/server', '/usr/lib/server/libserver-core.so', '/usr/lib/server/modules/mod_a.so', '/usr/lib/server/modules/mod_b.so',
      '/usr/share/server/extension/ext.control', '/usr/share/server/extension/ext--1.0.sql', '/usr/share/locale/de/LC_MESSAGES/server.mo',
      '/usr/share/locale/fr/LC_MESSAGES/server.mo',
    ]),
    [`${LIB}/gconv/gconv-modules`]: 'alias x',
    '/usr/share/zoneinfo/Europe/Paris': 'TZif',
    '/usr/share/doc/tzdata/copyright': 'c',
    '/usr/share/server/extension/ext.control': 'x',
    '/usr/share/server/extension/ext--1.0.sql': 'x',
    '/usr/share/locale/de/LC_MESSAGES/server.mo': 'x',
    '/usr/share/locale/fr/LC_MESSAGES/server.mo': 'x',
    '/opt/shop/run.sh': 'x',
  },
  elf: {
    [`${LIB}/libc.so.6`]: {},
    // gconv modules find their helper lib through $ORIGIN: that makes no loader dir of gconv.
    [`${LIB}/gconv/UTF-16.so`]: { runpath: ['$ORIGIN'] },
    [`${LIB}/gconv/libGB.so`]: {},
    '/usr/sbin/server': { runpath: ['/usr/lib/server'], needed: ['libserver-core.so'] },
    '/usr/lib/server/libserver-core.so': {},
    '/usr/lib/server/modules/mod_a.so': {},
    '/usr/lib/server/modules/mod_b.so': {},
    '/opt/vendor/lib/libvendor.so.1': {},
    '/opt/shop/plugins/pay.so': {},
  },
  env: ['TZ=Europe/Paris', 'LANG=de_DE.UTF-8'],
});

describe('module dirs', () => {
  it('finds dirs of shared objects the loader does not search, and extension dirs', () => {
    expect([...findModuleDirs(input)].sort()).toEqual(['/opt/shop/plugins', '/usr/lib/server/modules', `${LIB}/gconv`, '/usr/share/server/extension']);
  });

  it('carves a module dir out of its package, depending on it', () => {
    const index = readComponents(input);
    const gconv = index.components.get(`dir:${LIB}/gconv`);
    expect(gconv?.files).toEqual([`${LIB}/gconv`, `${LIB}/gconv/UTF-16.so`, `${LIB}/gconv/gconv-modules`, `${LIB}/gconv/libGB.so`]);
    expect(gconv?.dependsOn).toEqual(['dpkg:libc6']);
    expect(gconv?.carvedFrom).toEqual(['dpkg:libc6']);
    // A live libc6 does not make every converter live: only a traced member does.
    expect(index.components.get('dpkg:libc6')?.dependsOn).toEqual([]);
    expect(index.components.get('dpkg:libc6')?.files).toEqual([`${LIB}/libc.so.6`]);
    expect(index.ownerOf('/usr/lib/server/modules/mod_b.so')?.id).toBe('dir:/usr/lib/server/modules');
    expect(index.ownerOf('/usr/lib/server/libserver-core.so')?.id).toBe('dpkg:server');
  });

  it("leaves the app's own plugin dir to the app", () => {
    expect(findModuleDirs(input)).toContain('/opt/shop/plugins');
    expect(readComponents(input).ownerOf('/opt/shop/plugins/pay.so')?.id).toBe('app:/opt/shop');
  });
});

describe('data sets', () => {
  const index = readComponents(input);

  it('carves zoneinfo out of tzdata, live when TZ is set, and live with its package', () => {
    const zoneinfo = index.components.get('data:zoneinfo');
    expect(zoneinfo?.files).toEqual(['/usr/share/zoneinfo', '/usr/share/zoneinfo/Europe', '/usr/share/zoneinfo/Europe/Paris']);
    expect(zoneinfo?.liveBecause).toBe('TZ is set');
    expect(zoneinfo?.role).toBe('data');
    expect(zoneinfo?.dependsOn).toEqual([]);
    expect(index.components.get('dpkg:tzdata')?.dependsOn).toEqual(['data:zoneinfo']);
    expect(index.components.get('dpkg:tzdata')?.files).toEqual(['/usr/share/doc/tzdata/copyright']);
  });

  it('makes one component per locale, live when the config names it', () => {
    expect(localesInUse({ Env: ['LANG=de_DE.UTF-8', 'LC_ALL=C', 'LANGUAGE=fr:pt_BR'] }).sort()).toEqual(['de', 'de_DE', 'de_DE.UTF-8', 'fr', 'pt', 'pt_BR'].sort());
    expect(index.components.get('data:locale:de')?.liveBecause).toBe('locale de is in use');
    expect(index.components.get('data:locale:fr')?.liveBecause).toBeUndefined();
    expect(index.components.get('data:locale:fr')?.dependsOn).toEqual([]);
    expect(index.ownerOf('/usr/share/locale/fr/LC_MESSAGES/server.mo')?.id).toBe('data:locale:fr');
  });

  it('says nothing is live without the evidence', () => {
    const plain = readComponents({ ...input, config: { Env: [] } });
    expect(plain.components.get('data:zoneinfo')?.liveBecause).toBeUndefined();
    expect(plain.components.get('data:locale:de')?.liveBecause).toBeUndefined();
  });
});

describe('runtime-dead files', () => {
  it('drops docs, headers, static libs, pkg-config, package tests and unused translations', () => {
    for (const path of [
      '/usr/share/doc/libc6/copyright', '/usr/share/man/man1/ls.1.gz', '/usr/share/info/grep.info.gz', '/usr/share/lintian/overrides/libc6',
      '/usr/include/stdio.h', `${LIB}/libc.a`, `${LIB}/libfoo.la`, `${LIB}/pkgconfig/zlib.pc`, '/app/node_modules/qs/test/parse.js',
      '/usr/lib/python3/dist-packages/numpy/tests/test_x.py', '/usr/share/locale/fr/LC_MESSAGES/grep.mo',
    ]) {
      expect(isRuntimeDead(path, ['de']), path).toBe(true);
    }
    for (const path of [`${LIB}/libc.so.6`, '/usr/share/locale/de/LC_MESSAGES/grep.mo', '/usr/share/locale/locale.alias', '/app/test.js', '/usr/share/zoneinfo/UTC']) {
      expect(isRuntimeDead(path, ['de']), path).toBe(false);
    }
  });
});
