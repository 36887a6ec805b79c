// Each sensor mode works with only the capability it needs, and fails or degrades clearly without it.
import { describe, expect, it } from 'vitest';
import { hasEvent, traceCommand } from './sensor-harness.js';

const BASE = 'minify-fixture/base:bookworm';
// /etc/hostname is a bind mount (not on the image's filesystem), so fanotify cannot see it: use os-release.
const CMD = ['sh', '-c', 'cat /etc/os-release >/dev/null; ls /nope 2>/dev/null; true'];

describe('sensor modes and capabilities', () => {
  it('fanotify mode needs only SYS_ADMIN', async () => {
    const { code, report } = await traceCommand({ image: BASE, mode: 'fanotify', caps: ['SYS_ADMIN'], cmd: CMD });
    expect(code).toBe(0);
    expect(report.mode).toBe('fanotify');
    expect(report.warnings).toEqual([]);
    expect(hasEvent(report, { path: '/usr/lib/os-release', op: 'fanotify-open' })).toBe(true);
    expect(hasEvent(report, { path: '/usr/bin/cat', op: 'fanotify-exec' })).toBe(true);
    expect(report.events.every((e) => e.source === 'fanotify')).toBe(true);
    expect(report.execs).toEqual([]);
  });

  it('fanotify mode sees every name of a hard-linked file though it stops repeating reads', async () => {
    const script = 'echo x > /tmp/one && ln /tmp/one /tmp/two && echo y > /tmp/solo && for i in 1 2 3; do cat /tmp/one /tmp/solo >/dev/null; done; cat /tmp/two >/dev/null';
    const { code, report } = await traceCommand({ image: BASE, mode: 'fanotify', caps: ['SYS_ADMIN'], cmd: ['sh', '-c', script] });
    expect(code).toBe(0);
    expect(hasEvent(report, { path: '/tmp/one', op: 'fanotify-open' })).toBe(true);
    expect(hasEvent(report, { path: '/tmp/two', op: 'fanotify-open' })).toBe(true);
    expect(hasEvent(report, { path: '/tmp/solo', op: 'fanotify-access' })).toBe(true);
    expect(report.warnings).toEqual([]);
  });

  it('fanotify mode without SYS_ADMIN fails with 125 and says why', async () => {
    const { code, report } = await traceCommand({ image: BASE, mode: 'fanotify', caps: [], cmd: CMD });
    expect(code).toBe(125);
    expect(report.warnings.join(' ')).toMatch(/fanotify_init.*CAP_SYS_ADMIN/);
  });

  it('ptrace mode works with only SYS_PTRACE, as a non-root user too', async () => {
    const { code, report } = await traceCommand({ image: BASE, mode: 'ptrace', caps: ['SYS_PTRACE'], user: 'nobody', cmd: CMD });
    expect(code).toBe(0);
    expect(report.events.every((e) => e.source === 'ptrace')).toBe(true);
    expect(hasEvent(report, { path: '/etc/os-release', op: 'open', result: 0 })).toBe(true);
    expect(hasEvent(report, { path: '/nope', result: 2 })).toBe(true);
    expect(report.execs.map((e) => e.path)).toContain('/usr/bin/cat');
    // no_new_privs is the price of a seccomp filter without SYS_ADMIN.
    expect(report.warnings.join(' ')).toMatch(/no_new_privs/);
  });

  it('ptrace mode works with no added capability at all', async () => {
    const { code, report } = await traceCommand({ image: BASE, mode: 'ptrace', caps: [], user: 'nobody', cmd: ['sh', '-c', 'cd /etc && cat hostname >/dev/null'] });
    expect(code).toBe(0);
    expect(hasEvent(report, { path: '/etc/hostname', op: 'open', result: 0 })).toBe(true);
    expect(report.execs.map((e) => e.path)).toContain('/usr/bin/cat');
  });

  it('both mode without SYS_ADMIN warns and continues with ptrace', async () => {
    const { code, report } = await traceCommand({ image: BASE, mode: 'both', caps: ['SYS_PTRACE'], cmd: CMD });
    expect(code).toBe(0);
    expect(report.warnings.join(' ')).toMatch(/continuing with ptrace only/);
    expect(hasEvent(report, { path: '/etc/os-release', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
  });
});
