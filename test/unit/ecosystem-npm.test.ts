// npm reader: production vs dev from lockfile v1 and v3 or package.json, Node's lookup, nested and Debian trees.
import { describe, expect, it } from 'vitest';
import { readComponents } from '../../src/ecosystem/index.js';
import { readNpm } from '../../src/ecosystem/npm.js';
import type { Component } from '../../src/ecosystem/types.js';
import { treeInput } from './ecosystem-helpers.js';

const pkg = (name: string, version: string, fields: Record<string, unknown> = {}) => JSON.stringify({ name, version, ...fields });

/** An app with express (needs ms@2.0 nested, and a top-level ms@2.1 the app also uses), jest (dev) and a scoped dev package. */
function appTree(lock: Record<string, unknown> | undefined) {
  return treeInput({
    files: {
      '/app/package.json': pkg('my-app', '1.0.0', { dependencies: { express: '^4', ms: '^2.1' }, devDependencies: { jest: '^29', '@types/node': '^18' } }),
      ...(lock ? { '/app/package-lock.json': JSON.stringify(lock) } : {}),
      '/app/server.js': 'require("express")',
      '/app/node_modules/express/package.json': pkg('express', '4.21.2', { dependencies: { ms: '2.0.0', debug: '2' }, peerDependencies: { 'not-installed': '1' } }),
      '/app/node_modules/express/index.js': 'x',
      '/app/node_modules/express/node_modules/ms/package.json': pkg('ms', '2.0.0'),
      '/app/node_modules/express/node_modules/ms/index.js': 'x',
      '/app/node_modules/debug/package.json': pkg('debug', '2.6.9', { dependencies: { ms: '2.0.0' } }),
      '/app/node_modules/ms/package.json': pkg('ms', '2.1.3'),
      '/app/node_modules/jest/package.json': pkg('jest', '29.7.0', { dependencies: { 'jest-cli': '29' } }),
      '/app/node_modules/jest-cli/package.json': pkg('jest-cli', '29.7.0'),
      '/app/node_modules/@types/node/package.json': pkg('@types/node', '18.0.0'),
      '/app/node_modules/@types/node/index.d.ts': 'x',
    },
  });
}

const v3 = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'my-app' },
    'node_modules/express': {},
    'node_modules/express/node_modules/ms': {},
    'node_modules/debug': {},
    'node_modules/ms': {},
    'node_modules/jest': { dev: true },
    // Deliberately contradicts reachability: the lockfile is what npm installed by.
    'node_modules/jest-cli': { devOptional: true },
    'node_modules/@types/node': { dev: true },
  },
};

const v1 = {
  lockfileVersion: 1,
  dependencies: {
    express: { version: '4.21.2', dependencies: { ms: { version: '2.0.0' } } },
    debug: { version: '2.6.9' },
    ms: { version: '2.1.3' },
    jest: { version: '29.7.0', dev: true },
    'jest-cli': { version: '29.7.0', dev: true },
    '@types/node': { version: '18.0.0', dev: true },
  },
};

function roles(components: readonly Component[]): Record<string, string> {
  return Object.fromEntries(components.map((c) => [c.id, c.role]));
}

describe('npm reader', () => {
  it('takes dev flags from a v3 lockfile (devOptional is installed in production)', () => {
    const { claims } = readNpm(appTree(v3));
    expect(roles(claims.map((c) => c.component))).toEqual({
      'npm:@types/node@18.0.0': 'dev',
      'npm:debug@2.6.9': 'runtime',
      'npm:express@4.21.2': 'runtime',
      'npm:jest-cli@29.7.0': 'runtime',
      'npm:jest@29.7.0': 'dev',
      'npm:ms@2.0.0': 'runtime',
      'npm:ms@2.1.3': 'runtime',
    });
  });

  it('takes dev flags from a v1 lockfile', () => {
    const r = roles(readNpm(appTree(v1)).claims.map((c) => c.component));
    expect(r['npm:jest-cli@29.7.0']).toBe('dev');
    expect(r['npm:jest@29.7.0']).toBe('dev');
    expect(r['npm:ms@2.0.0']).toBe('runtime');
  });

  it('without a lockfile, production is what the dependencies reach', () => {
    const r = roles(readNpm(appTree(undefined)).claims.map((c) => c.component));
    expect(r['npm:jest-cli@29.7.0']).toBe('dev');
    expect(r['npm:@types/node@18.0.0']).toBe('dev');
    expect(r['npm:debug@2.6.9']).toBe('runtime');
  });

  it('resolves dependencies the way Node looks them up, and nested packages own their dirs', () => {
    const byId = new Map(readNpm(appTree(v3)).claims.map((c) => [c.component.id, c.component]));
    // express finds its own nested ms@2.0.0; debug (top level) finds the top-level ms@2.1.3; a missing peer is skipped.
    expect(byId.get('npm:express@4.21.2')?.dependsOn).toEqual(['npm:debug@2.6.9', 'npm:ms@2.0.0']);
    expect(byId.get('npm:debug@2.6.9')?.dependsOn).toEqual(['npm:ms@2.1.3']);
    expect(byId.get('npm:express@4.21.2')?.files).toEqual([
      '/app/node_modules/express',
      '/app/node_modules/express/index.js',
      '/app/node_modules/express/node_modules',
      '/app/node_modules/express/package.json',
    ]);
    expect(byId.get('npm:@types/node@18.0.0')?.purl).toBe('pkg:npm/%40types/node@18.0.0');
  });

  it('makes the app root a component depending on its production dependencies', () => {
    const index = readComponents(appTree(v3));
    const app = index.components.get('app:/app');
    expect(app?.name).toBe('my-app');
    expect(app?.dependsOn).toEqual(['npm:express@4.21.2', 'npm:ms@2.1.3']);
    expect(index.ownerOf('/app/server.js')?.id).toBe('app:/app');
    expect(index.ownerOf('/app/node_modules/express/node_modules/ms/index.js')?.id).toBe('npm:ms@2.0.0');
  });

  it("reads Debian's flat nodejs dir, carving its packages out of their dpkg package", () => {
    const input = treeInput({
      files: {
        '/var/lib/dpkg/status': 'Package: node-a\nStatus: install ok installed\nArchitecture: all\nVersion: 1-1\n',
        '/var/lib/dpkg/info/node-a.list': '/usr/share/nodejs/a\n/usr/share/nodejs/a/package.json\n/usr/share/nodejs/a/index.js\n/usr/share/nodejs/b\n/usr/share/nodejs/b/package.json\n/usr/share/doc/node-a/copyright\n',
        '/usr/share/nodejs/a/package.json': pkg('a', '1.0.0', { dependencies: { b: '1' } }),
        '/usr/share/nodejs/a/index.js': 'x',
        '/usr/share/nodejs/b/package.json': pkg('b', '1.0.0'),
        '/usr/share/doc/node-a/copyright': 'c',
      },
    });
    const index = readComponents(input);
    expect(index.ownerOf('/usr/share/nodejs/a/index.js')?.id).toBe('npm:a@1.0.0');
    expect(index.components.get('npm:a@1.0.0')?.dependsOn).toEqual(['dpkg:node-a', 'npm:b@1.0.0']);
    expect(index.components.get('dpkg:node-a')?.files).toEqual(['/usr/share/doc/node-a/copyright']);
    expect(index.components.get('dpkg:node-a')?.dependsOn).toEqual(['npm:a@1.0.0', 'npm:b@1.0.0']);
  });

  it("follows symlinked packages to their targets (pnpm's store, workspaces), as Node's realpath does", () => {
    const store = '/srv/node_modules/.pnpm';
    const input = treeInput({
      symlinks: {
        '/srv/node_modules/express': '.pnpm/express@4.21.2/node_modules/express',
        [`${store}/express@4.21.2/node_modules/ms`]: '../../ms@2.0.0/node_modules/ms',
        '/srv/node_modules/shared': '../packages/shared',
      },
      files: {
        '/srv/package.json': pkg('srv', '1.0.0', { dependencies: { express: '4', shared: '*' } }),
        '/srv/index.js': 'x',
        [`${store}/express@4.21.2/node_modules/express/package.json`]: pkg('express', '4.21.2', { dependencies: { ms: '2.0.0' } }),
        [`${store}/ms@2.0.0/node_modules/ms/package.json`]: pkg('ms', '2.0.0'),
        [`${store}/left-pad@1.3.0/node_modules/left-pad/package.json`]: pkg('left-pad', '1.3.0'),
        '/srv/packages/shared/package.json': pkg('shared', '0.1.0'),
        '/srv/packages/shared/index.js': 'x',
      },
    });
    const index = readComponents(input);
    expect(index.components.get('app:/srv')?.dependsOn).toEqual(['npm:express@4.21.2', 'npm:shared@0.1.0']);
    expect(index.components.get('npm:express@4.21.2')?.dependsOn).toEqual(['npm:ms@2.0.0']);
    expect(index.ownerOf('/srv/packages/shared/index.js')?.id).toBe('npm:shared@0.1.0');
    // No lockfile npm reads: what production does not reach is dev.
    expect(index.components.get('npm:ms@2.0.0')?.role).toBe('runtime');
    expect(index.components.get('npm:left-pad@1.3.0')?.role).toBe('dev');
  });
});
