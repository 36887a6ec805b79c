// One lock per tag as the engine sees it, and owner records that tell a dead run from a live one.
import { describe, expect, it } from 'vitest';
import { isDeadOwner, ownerLabels, ownerOf } from '../../src/engine/owner.js';
import { canonicalTag, lockName } from '../../src/pipeline/tag-lock.js';
import { describeSweep } from '../../src/pipeline/dead-runs.js';

describe('tag locks', () => {
  it('gives the names the engine treats as one tag one lock', () => {
    expect(canonicalTag('app:1-slim')).toBe('docker.io/library/app:1-slim');
    expect(lockName('app:1-slim')).toBe(lockName('library/app:1-slim'));
    expect(lockName('app:1-slim')).toBe(lockName('docker.io/library/app:1-slim'));
    expect(lockName('app')).toBe(lockName('app:latest'));
    expect(lockName('app:1-slim')).not.toBe(lockName('app:1-debug'));
    expect(lockName('localhost:5000/app:1')).not.toBe(lockName('app:1'));
    expect(lockName('app:1')).toMatch(/^minify-lock-[0-9a-f]{24}$/);
  });
});

describe('owners', () => {
  it('round-trips through labels and rejects partial ones', () => {
    const owner = { runId: '3f2a00000000', host: 'ci-7', pid: 4242 };
    expect(ownerOf(ownerLabels(owner))).toEqual(owner);
    expect(ownerOf({ 'minify.run': 'x' })).toBeUndefined();
    expect(ownerOf({ ...ownerLabels(owner), 'minify.pid': 'abc' })).toBeUndefined();
  });

  it('calls a run dead only on this host, when its pid is gone, and never this process', () => {
    const here = { host: 'ci-7', pid: process.pid };
    expect(isDeadOwner({ runId: 'a', host: 'ci-7', pid: process.pid }, here)).toBe(false);
    expect(isDeadOwner({ runId: 'a', host: 'ci-7', pid: process.ppid }, here)).toBe(false);
    expect(isDeadOwner({ runId: 'a', host: 'ci-7', pid: 2 ** 22 + 1 }, here)).toBe(true);
    expect(isDeadOwner({ runId: 'a', host: 'other', pid: 2 ** 22 + 1 }, here)).toBe(false);
  });

  it('says what a sweep removed in one line, and nothing when there was nothing', () => {
    expect(describeSweep({ runs: [], containers: [], tempDirs: [], tags: [] })).toBeUndefined();
    expect(describeSweep({
      runs: ['a', 'b'], containers: [{ id: 'c', runId: 'a', pid: 1, role: 'trace' }], tempDirs: ['/tmp/x', '/tmp/y'], tags: [{ tag: 'app:1-slim' }],
    })).toBe('removed what 2 dead runs left on this host: 1 container, 2 temp dirs, 1 tag given back');
  });
});
