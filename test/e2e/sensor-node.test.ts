// The sensor on the node-api fixture: lazy requires appear only after their route, spawned children, Python import probes.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { hasEvent, httpGet, startSensor, traceCommand } from './sensor-harness.js';

const NODE_API = 'minify-fixture/node-api:1.0';
const ALL_CAPS = ['SYS_ADMIN', 'SYS_PTRACE'];

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await httpGet(port, '/health')).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('node-api did not answer /health within 30 s');
}

describe('sensor on minify-fixture/node-api', () => {
  it('sees a lazily required module only after its route is probed, and the /spawn child', async () => {
    const app = await startSensor({ image: NODE_API, mode: 'both', caps: ALL_CAPS, user: 'node', cmd: ['node', 'server.js'], publish: [3000] });
    try {
      const port = await app.hostPort(3000);
      await waitHealthy(port);
      const before = await app.snapshot();
      expect(hasEvent(before, { path: '/app/server.js', op: 'open', result: 0 })).toBe(true);
      expect(hasEvent(before, { path: '/app/config/app.json', op: 'open', result: 0 })).toBe(true);
      expect(before.events.some((e) => e.path === '/app/lib/report.js')).toBe(false);

      expect((await httpGet(port, '/report')).status).toBe(200);
      const spawn = JSON.parse((await httpGet(port, '/spawn')).body) as { files: string[] };
      expect(spawn.files).toContain('server.js');

      const after = await app.snapshot();
      expect(hasEvent(after, { path: '/app/lib/report.js', op: 'open', result: 0, source: 'ptrace' })).toBe(true);
      expect(hasEvent(after, { path: '/app/lib/report.js', op: 'fanotify-open' })).toBe(true);
      expect(after.events.some((e) => e.path.startsWith('/app/node_modules/ms/') && e.op === 'open' && e.result === 0)).toBe(true);
      expect(after.execs).toContainEqual({ pid: expect.any(Number), path: '/bin/ls', argv: ['/bin/ls', '/app'] });
      expect(hasEvent(after, { path: '/app', op: 'open', result: 0, comm: 'ls' })).toBe(true);

      await app.kill('TERM');
      expect(await app.wait()).toBe(0); // server.js exits 0 on SIGTERM
      expect((await app.report()).appExit).toEqual({ code: 0 });
    } finally {
      await app.remove();
    }
  });

  it('records the failed ENOENT probes of a Python import search', async () => {
    const { code, report } = await traceCommand({ image: NODE_API, mode: 'both', caps: ALL_CAPS, user: 'node', cmd: ['python3', '-c', 'import json'] });
    expect(code).toBe(0);
    const json = report.events.filter((e) => /\/json\/__init__\.py$/.test(e.path) && e.result === 0);
    expect(json.length).toBeGreaterThan(0);
    const misses = report.events.filter((e) => e.result === 2 && e.source === 'ptrace');
    expect(misses.length).toBeGreaterThan(5);
    // e.g. the zip entry on sys.path that bookworm's python does not ship
    expect(misses.some((e) => /^\/usr\/lib\/python3\d+\.zip$/.test(e.path))).toBe(true);
  });
});
