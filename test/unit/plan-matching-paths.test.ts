import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOW } from '../../src/plan/allowlist.js';
import { matchingPaths } from '../../src/plan/rules.js';

const PATHS = [
  '/etc', '/etc/passwd', '/etc/group', '/etc/.hidden', '/etc/ssl', '/etc/ssl/certs', '/etc/ssl/certs/ca.pem', '/etc/ssl/certs/.x/y',
  '/etc/ld.so.conf.d', '/etc/ld.so.conf.d/a.conf', '/etc/ld.so.conf.d/b.txt', '/usr/share/ca-certificates/mozilla/x.crt',
  '/usr/share/ca-certificates', '/opt/\u00e9t\u00e9/f', '/etc/passwd-',
];

describe('matchingPaths', () => {
  it('returns what micromatch(list, glob, { dot: true }) returns, in iteration order', () => {
    for (const glob of [...DEFAULT_ALLOW, '/etc/ld.so.conf.d/*.conf', '/etc/**/.*', '/opt/**', '/etc/{passwd,group}', '/nothing/*']) {
      expect(matchingPaths(PATHS, glob)).toEqual(micromatch(PATHS, glob, { dot: true }));
    }
  });

  it('takes any iterable once, such as a map\'s keys', () => {
    const keys = new Map(PATHS.map((p) => [p, 0])).keys();
    expect(matchingPaths(keys, '/etc/ssl/certs/**')).toEqual(['/etc/ssl/certs', '/etc/ssl/certs/ca.pem', '/etc/ssl/certs/.x/y']);
  });
});
