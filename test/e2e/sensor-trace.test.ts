// The sensor in `both` mode on the base image: loaders and libs, symlinks, scripts, children, exits, signals.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eventsFor, hasEvent, startSensor, traceCommand } from './sensor-harness.js';

const BASE = 'minify-fixture/base:bookworm';
const ALL_CAPS = ['SYS_ADMIN', 'SYS_PTRACE'];
const both = (cmd: string[]) => traceCommand({ image: BASE, mode: 'both', caps: ALL_CAPS, cmd });

describe('sensor (both modes) on minify-fixture/base', () => {
  it('records a dynamic binary with its ELF interpreter and libc', async () => {
    const { code, report } = await both(['/usr/bin/env', 'true']);
    expect(code).toBe(0);
    expect(report.mode).toBe('both');
    expect(report.warnings).toEqual([]);
    expect(report.appExit).toEqual({ code: 0 });
    expect(hasEvent(report, { path: '/usr/bin/env', op: 'exec', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/usr/bin/env', op: 'fanotify-exec' })).toBe(true);
    // PT_INTERP as the binary names it (ptrace) and as resolved on disk (fanotify).
    expect(hasEvent(report, { path: '/lib64/ld-linux-x86-64.so.2', op: 'exec', source: 'ptrace' })).toBe(true);
    expect(report.events.some((e) => e.source === 'fanotify' && /\/ld-linux-x86-64\.so\.2$/.test(e.path))).toBe(true);
    expect(hasEvent(report, { path: '/lib/x86_64-linux-gnu/libc.so.6', op: 'open', result: 0 })).toBe(true);
    expect(report.execs).toContainEqual({ pid: expect.any(Number), path: '/usr/bin/env', argv: ['/usr/bin/env', 'true'] });
  });

  it('records the symlink a program was run through, not only its target', async () => {
    const { code, report } = await both(['sh', '-c', 'ln -s /bin/ls /tmp/myls && /tmp/myls / >/dev/null && /bin/ls / >/dev/null']);
    expect(code).toBe(0);
    expect(hasEvent(report, { path: '/tmp/myls', op: 'exec', result: 0 })).toBe(true);
    expect(hasEvent(report, { path: '/bin/ls', op: 'exec', result: 0 })).toBe(true);
    // fanotify only ever sees the resolved file.
    expect(hasEvent(report, { path: '/usr/bin/ls', op: 'fanotify-exec' })).toBe(true);
    expect(eventsFor(report, '/bin/ls').every((e) => e.source === 'ptrace')).toBe(true);
  });

  it('records the #! interpreter of an executed script', async () => {
    const script = "printf '#!/bin/sh\\necho hi\\n' > /tmp/s.sh && chmod +x /tmp/s.sh && /tmp/s.sh";
    const { code, report, logs } = await both(['/bin/bash', '-c', script]);
    expect(code).toBe(0);
    expect(logs).toContain('hi');
    expect(hasEvent(report, { path: '/tmp/s.sh', op: 'exec', result: 0 })).toBe(true);
    expect(hasEvent(report, { path: '/bin/sh', op: 'exec', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/usr/bin/dash', op: 'fanotify-exec' })).toBe(true);
  });

  it('traces forked children, their opens and failed lookups', async () => {
    const { code, report } = await both(['sh', '-c', 'cat /etc/hostname >/dev/null; ls /does-not-exist 2>/dev/null; exit 7']);
    expect(code).toBe(7);
    expect(report.appExit).toEqual({ code: 7 });
    const cat = report.execs.find((e) => e.path === '/usr/bin/cat');
    expect(cat?.argv).toEqual(['cat', '/etc/hostname']);
    expect(report.events.some((e) => e.path === '/etc/hostname' && e.op === 'open' && e.comm === 'cat')).toBe(true);
    expect(hasEvent(report, { path: '/does-not-exist', result: 2, source: 'ptrace' })).toBe(true);
    // PATH search probes of the shell: ENOENT in the dirs before /usr/bin.
    expect(hasEvent(report, { path: '/usr/local/bin/cat', result: 2, source: 'ptrace' })).toBe(true);
  });

  it('records readlink, mkdir, rename, unlink, stat, access, and the entries find walks', async () => {
    const script = [
      'readlink /bin >/dev/null',
      'mkdir /tmp/made',
      'mv /tmp/made /tmp/moved',
      'touch /tmp/moved/f && rm /tmp/moved/f',
      'stat /etc/passwd >/dev/null',
      'test -r /etc/group',
      'find /etc/apt -maxdepth 2 -name "*.conf*" >/dev/null',
    ].join(' && ');
    const { code, report } = await both(['/bin/bash', '-c', script]);
    expect(code).toBe(0);
    const ops = (path: string) => [...new Set(eventsFor(report, path).filter((e) => e.source === 'ptrace').map((e) => e.op))];
    expect(ops('/bin')).toContain('readlink');
    expect(ops('/tmp/made')).toEqual(expect.arrayContaining(['mkdir', 'rename']));
    expect(ops('/tmp/moved')).toContain('rename');
    expect(ops('/tmp/moved/f')).toContain('unlink');
    expect(ops('/etc/passwd')).toContain('stat');
    expect(ops('/etc/group')).toContain('access');
    // find (fts) walks with openat/newfstatat relative to dir fds: paths come out absolute.
    expect(report.events.some((e) => e.source === 'ptrace' && e.comm === 'find' && e.path.startsWith('/etc/apt/') && e.path !== '/etc/apt/')).toBe(true);
  });

  it('records a failed then successful open of the same path, though repeats of a success are not stopped again', async () => {
    const { code, report } = await both(['sh', '-c', 'cat /tmp/later 2>/dev/null; echo x > /tmp/later; cat /tmp/later; cat /tmp/later; cat /tmp/later >/dev/null']);
    expect(code).toBe(0);
    const results = eventsFor(report, '/tmp/later').filter((e) => e.source === 'ptrace' && e.op === 'open').map((e) => e.result);
    expect([...new Set(results)].sort()).toEqual([0, 2]);
  });

  it('resolves relative paths against the cwd at the time of the call', async () => {
    const { report } = await both(['sh', '-c', 'cd /etc && cat ./os-release ../etc/hostname >/dev/null']);
    expect(hasEvent(report, { path: '/etc/os-release', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/etc/hostname', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/etc', op: 'chdir', result: 0 })).toBe(true);
  });

  it('writes non-UTF-8 names as bytes and escapes JSON specials', async () => {
    const script = 'touch "$(printf "/tmp/caf\\351")" "$(printf "/tmp/q\\"b\\\\s\\nl\\tt\\001")" /tmp/été';
    const { code, report } = await both(['sh', '-c', script]);
    expect(code).toBe(0);
    expect(report.events.some((e) => e.path === '/tmp/caf\u00e9' && e.op === 'open')).toBe(true);
    expect(report.events.some((e) => e.path === '/tmp/q"b\\s\nl\tt\u0001' && e.op === 'open')).toBe(true);
    // valid UTF-8 comes back as its bytes (latin1 byte string)
    expect(report.events.some((e) => e.path === '/tmp/\u00c3\u00a9t\u00c3\u00a9' && e.op === 'open')).toBe(true);
  });

  it('normalises . and .. and repeated slashes lexically', async () => {
    const { report } = await both(['sh', '-c', 'cat /etc/../etc/./os-release //etc//hostname >/dev/null; cd / && cat ../../etc/issue >/dev/null']);
    expect(hasEvent(report, { path: '/etc/os-release', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/etc/hostname', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
    expect(hasEvent(report, { path: '/etc/issue', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
  });

  it('runs the app as the given user', async () => {
    const { code, logs } = await traceCommand({ image: BASE, mode: 'both', caps: ALL_CAPS, user: 'nobody', cmd: ['id'] });
    expect(code).toBe(0);
    expect(logs).toMatch(/uid=65534\(nobody\) gid=65534\(nogroup\)/);
    const numeric = await traceCommand({ image: BASE, mode: 'both', caps: ALL_CAPS, user: '4242:daemon', cmd: ['id', '-u'] });
    expect(numeric.logs).toMatch(/^4242$/m);
  });

  it('fails with 125 and a warning for an unknown user, 127 for a missing program', async () => {
    const user = await traceCommand({ image: BASE, mode: 'both', caps: ALL_CAPS, user: 'nosuchuser', cmd: ['true'] });
    expect(user.code).toBe(125);
    expect(user.report.warnings.join(' ')).toMatch(/unknown user 'nosuchuser'/);
    const missing = await both(['/no/such/program']);
    expect(missing.code).toBe(127);
    expect(missing.report.warnings.join(' ')).toMatch(/app could not start/);
  });

  it('snapshots on SIGUSR1, forwards SIGTERM and reports the signal', async () => {
    const container = await startSensor({ image: BASE, mode: 'both', caps: ALL_CAPS, cmd: ['sh', '-c', 'cat /etc/hostname >/dev/null; exec sleep 300'] });
    try {
      let snapshot = await container.snapshot();
      for (let i = 0; i < 50 && !snapshot.execs.some((e) => e.path === '/usr/bin/sleep'); i++) snapshot = await container.snapshot();
      expect(snapshot.appExit).toBeUndefined();
      expect(hasEvent(snapshot, { path: '/etc/hostname', op: 'open', result: 0 })).toBe(true);
      expect(snapshot.execs.some((e) => e.path === '/usr/bin/sleep')).toBe(true);
      await container.kill('TERM');
      expect(await container.wait()).toBe(143);
      const report = await container.report();
      expect(report.appExit).toEqual({ signal: 'SIGTERM' });
    } finally {
      await container.remove();
    }
  });

  it('leaves a report behind when the app ignores SIGTERM and the container is SIGKILLed', async () => {
    const container = await startSensor({ image: BASE, mode: 'both', caps: ALL_CAPS, cmd: ['sh', '-c', 'trap "" TERM; cat /etc/os-release >/dev/null; while :; do sleep 1; done'] });
    try {
      await sleep(1000); // no SIGUSR1 snapshot before: the report must come from the stop request
      await container.kill('TERM');
      await sleep(500);
      await container.kill('KILL');
      expect(await container.wait()).toBe(137);
      const report = await container.report();
      expect(report.appExit).toBeUndefined();
      expect(hasEvent(report, { path: '/etc/os-release', op: 'open', result: 0 })).toBe(true);
    } finally {
      await container.remove();
    }
  });
});
