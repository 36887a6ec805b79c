// Junk finder: each kind, dev dependencies (direct, scoped, transitive via the lockfile), no double counting.
import { describe, expect, it } from 'vitest';
import { computeDirTotals } from '../../src/analyze/dir-sizes.js';
import { findJunk } from '../../src/analyze/junk.js';
import type { ImagePath, LayerEntry } from '../../src/types.js';
import { dir, file, listing, naiveFlatten } from './analyze-helpers.js';

function junkOf(entries: LayerEntry[], packageJsons = new Map<ImagePath, string>()) {
  const manifest = naiveFlatten([listing(0, entries)]);
  return findJunk({ manifest, dirs: computeDirTotals(manifest), packageJsons });
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
  const entries = [
    dir('/app'), file('/app/package.json', 100), dir('/app/node_modules'),
    file('/app/node_modules/express/index.js', 1000),
    file('/app/node_modules/jest/index.js', 3000), file('/app/node_modules/jest/test/a.js', 500),
    file('/app/node_modules/@types/node/index.d.ts', 700),
    file('/app/node_modules/pretty-format/index.js', 400),
    file('/app/node_modules/jest/node_modules/chalk/index.js', 50),
  ];

  it('sizes each direct devDependency present, scoped names too', () => {
    const { findings, bytes } = junkOf(entries, new Map([['/app/package.json', pkg]]));
    expect(findings.map((f) => [f.kind, f.path, f.bytes])).toEqual([
      ['dev-dependency', '/app/node_modules/jest', 3550],
      ['dev-dependency', '/app/node_modules/@types/node', 700],
    ]);
    // jest/test is inside a dev dependency: counted once, not again as node-tests.
    expect(bytes).toBe(4250);
  });

  it('adds transitive dev-only packages from package-lock.json', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/express': {},
        'node_modules/jest': { dev: true },
        'node_modules/jest/node_modules/chalk': { dev: true },
        'node_modules/pretty-format': { dev: true },
      },
    });
    const { findings } = junkOf(entries, new Map([['/app/package.json', pkg], ['/app/package-lock.json', lock]]));
    expect(findings.map((f) => [f.path, f.bytes])).toEqual([
      ['/app/node_modules/jest', 3550],
      ['/app/node_modules/@types/node', 700],
      ['/app/node_modules/*', 400],
    ]);
    expect(findings[2]?.suggestion).toMatch(/^1 more dev-only packages/);
  });

  it('ignores distro-packaged node modules', () => {
    const debian = [file('/usr/share/nodejs/x/package.json', 5), file('/usr/share/nodejs/x/node_modules/jest/a.js', 9)];
    expect(junkOf(debian, new Map([['/usr/share/nodejs/x/package.json', pkg]])).findings).toEqual([]);
  });

  it('ignores package.json files without a node_modules next to them, and broken JSON', () => {
    expect(junkOf([file('/srv/package.json', 5)], new Map([['/srv/package.json', pkg]])).findings).toEqual([]);
    expect(junkOf(entries, new Map([['/app/package.json', '{oops']])).findings.map((f) => f.kind)).toEqual(['node-tests']);
  });
});
