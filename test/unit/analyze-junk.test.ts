// Junk finder: each kind, dev dependencies (the npm reader's dev components: direct, scoped, transitive), no double counting.
import { describe, expect, it } from 'vitest';
import { computeDirTotals } from '../../src/analyze/dir-sizes.js';
import { findJunk } from '../../src/analyze/junk.js';
import { readComponents } from '../../src/ecosystem/index.js';
import type { ImagePath, LayerEntry } from '../../src/types.js';
import { dir, file, listing, naiveFlatten } from './analyze-helpers.js';

/** Through the ecosystem readers, as `minify analyze` does: dev dependencies are the npm components with role dev. */
function junkOf(entries: LayerEntry[], textFiles = new Map<ImagePath, string>()) {
  const manifest = naiveFlatten([listing(0, entries)]);
  const { components } = readComponents({ manifest, textFiles, elf: new Map(), config: {} });
  return findJunk({ manifest, dirs: computeDirTotals(manifest), components: components.values(), textFiles });
}

describe('findJunk', () => {
  it.each([
    ['git', '/app/.git/objects/pack/p.pack', '/app/.git'],
    ['coverage', '/app/coverage/lcov.info', '/app/coverage'],
    ['coverage', '/app/.nyc_output/x.json', '/app/.nyc_output'],
    ['npm-cache', '/root/.npm/_cacache/content-v2/sha512/ab', '/root/.npm'],
    ['npm-cache', '/home/node/.npm/_logs/x', '/home/node/.npm'],
    ['yarn-cache', '/usr/local/share/.cache/yarn/v6/pkg', '/usr/local/share/.cache/yarn'],
    ['pip-cache', '/root/.cache/pip/http/a/b', '/root/.cache/pip'],
    ['apt-cache', '/var/cache/apt/archives/gcc_12.deb', '/var/cache/apt'],
    ['apt-lists', '/var/lib/apt/lists/deb_dists_bookworm_InRelease', '/var/lib/apt/lists'],
    ['pycache', '/usr/lib/python3/dist-packages/x/__pycache__/a.pyc', '/usr/lib/python3/dist-packages'],
    ['node-tests', '/app/node_modules/@scope/pkg/test/a.js', '/app/node_modules/*/test'],
    ['node-tests', '/app/node_modules/qs/tests/a.js', '/app/node_modules/*/tests'],
    ['tests', '/app/test/server.test.js', '/app/test'],
    ['docs', '/srv/web/docs/guide.md', '/srv/web/docs'],
    ['tests', '/usr/lib/python3/dist-packages/yaml/tests/t.py', '/usr/lib/python3/dist-packages/*/tests'],
    ['docs', '/usr/share/doc/gcc/changelog.gz', '/usr/share/doc'],
    ['docs', '/usr/share/man/man1/ls.1.gz', '/usr/share/man'],
    ['docs', '/usr/share/info/gcc.info.gz', '/usr/share/info'],
    ['toolchain', '/usr/lib/gcc/x86_64-linux-gnu/12/cc1', '/usr/lib/gcc'],
    ['toolchain', '/usr/libexec/gcc/x86_64-linux-gnu/12/cc1plus', '/usr/libexec/gcc'],
    ['toolchain', '/usr/include/stdio.h', '/usr/include'],
    ['toolchain', '/usr/bin/x86_64-linux-gnu-gcc-12', '/usr/bin/x86_64-linux-gnu-gcc-12'],
    ['toolchain', '/usr/bin/gcc-12', '/usr/bin/gcc-12'],
    ['toolchain', '/usr/lib/x86_64-linux-gnu/libc.a', '/usr/lib/x86_64-linux-gnu/*.a'],
    ['logs', '/var/log/dpkg.log', '/var/log'],
    ['logs', '/app/npm-debug.log', '/app/npm-debug.log'],
    ['tmp-archive', '/tmp/node-v20.tar.gz', '/tmp/node-v20.tar.gz'],
    ['tmp-archive', '/tmp/build/src.zip', '/tmp/build/src.zip'],
  ])('finds %s in %s', (kind, path, group) => {
    const { findings, bytes } = junkOf([file(path, 123), file('/app/server.js', 10)]);
    expect(findings).toEqual([expect.objectContaining({ kind, path: group, bytes: 123, files: 1 })]);
    expect(findings[0]?.suggestion.length).toBeGreaterThan(10);
    expect(bytes).toBe(123);
  });

  it('leaves ordinary runtime files alone', () => {
    const { findings } = junkOf([
      file('/usr/bin/node', 90_000_000), file('/usr/lib/python3/dist-packages/coverage/x.py', 5),
      file('/app/node_modules/express/index.js', 5), file('/usr/lib/x86_64-linux-gnu/libc.so.6', 5), file('/tmp/notes.txt', 5),
      file('/usr/share/perl5/Test/More.pm', 5), file('/usr/lib/node_modules/npm/docs/index.html', 5), file('/app/lib/testing.js', 5),
    ]);
    expect(findings).toEqual([]);
  });

  it('groups a .git dir into one finding with all its bytes', () => {
    const { findings } = junkOf([dir('/app/.git'), file('/app/.git/HEAD', 20), file('/app/.git/objects/ab/cd', 2000)]);
    expect(findings).toEqual([expect.objectContaining({ kind: 'git', path: '/app/.git', bytes: 2020, files: 2 })]);
  });
});

describe('devDependencies', () => {
  const pkg = JSON.stringify({ dependencies: { express: '^4' }, devDependencies: { jest: '^29', '@types/node': '^20', absent: '1' } });
  /** Each package's package.json, as the capture hands them to the npm reader (jest needs pretty-format). */
  const packages = new Map<ImagePath, string>([
    ['/app/node_modules/express/package.json', JSON.stringify({ name: 'express', version: '4.18.2' })],
    ['/app/node_modules/jest/package.json', JSON.stringify({ name: 'jest', version: '29.0.0', dependencies: { 'pretty-format': '*', chalk: '*' } })],
    ['/app/node_modules/@types/node/package.json', JSON.stringify({ name: '@types/node', version: '20.0.0' })],
    ['/app/node_modules/pretty-format/package.json', JSON.stringify({ name: 'pretty-format', version: '29.0.0' })],
    ['/app/node_modules/jest/node_modules/chalk/package.json', JSON.stringify({ name: 'chalk', version: '4.1.2' })],
  ]);
  const entries = [
    dir('/app'), file('/app/package.json', 100), dir('/app/node_modules'),
    ...[...packages.keys()].map((path) => file(path, 0)),
    file('/app/node_modules/express/index.js', 1000),
    file('/app/node_modules/jest/index.js', 3000), file('/app/node_modules/jest/test/a.js', 500),
    file('/app/node_modules/@types/node/index.d.ts', 700),
    file('/app/node_modules/pretty-format/index.js', 400),
    file('/app/node_modules/jest/node_modules/chalk/index.js', 50),
  ];
  const texts = (...more: [ImagePath, string][]) => new Map([...packages, ...more]);

  it('sizes each direct devDependency present, scoped names too; without a lockfile what production does not need is dev', () => {
    const { findings, bytes } = junkOf(entries, texts(['/app/package.json', pkg]));
    expect(findings.map((f) => [f.kind, f.path, f.bytes])).toEqual([
      ['dev-dependency', '/app/node_modules/jest', 3550],
      ['dev-dependency', '/app/node_modules/@types/node', 700],
      ['dev-dependency', '/app/node_modules/*', 400],
    ]);
    expect(findings[2]?.suggestion).toMatch(/^1 more dev-only packages/);
    // jest/test is inside a dev dependency: counted once, not again as node-tests.
    expect(bytes).toBe(4650);
  });

  it('follows package-lock.json: a package it does not flag dev stays out', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/express': {},
        'node_modules/jest': { dev: true },
        'node_modules/jest/node_modules/chalk': { dev: true },
        'node_modules/@types/node': { dev: true },
        'node_modules/pretty-format': {},
      },
    });
    const { findings } = junkOf(entries, texts(['/app/package.json', pkg], ['/app/package-lock.json', lock]));
    expect(findings.map((f) => [f.path, f.bytes])).toEqual([
      ['/app/node_modules/jest', 3550],
      ['/app/node_modules/@types/node', 700],
    ]);
  });

  it('ignores distro-packaged node modules', () => {
    const debian = [file('/usr/share/nodejs/x/package.json', 5), file('/usr/share/nodejs/x/node_modules/jest/package.json', 9)];
    const textFiles = new Map([['/usr/share/nodejs/x/package.json', pkg], ['/usr/share/nodejs/x/node_modules/jest/package.json', '{"name":"jest"}']]);
    expect(junkOf(debian, textFiles).findings).toEqual([]);
  });

  it('ignores package.json files without a node_modules next to them, and broken JSON', () => {
    expect(junkOf([file('/srv/package.json', 5)], new Map([['/srv/package.json', pkg]])).findings).toEqual([]);
    expect(junkOf(entries, texts(['/app/package.json', '{oops'])).findings.map((f) => f.kind)).toEqual(['node-tests']);
  });
});
