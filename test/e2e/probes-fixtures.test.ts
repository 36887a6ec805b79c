// Probes against the fixture images (no sensor): the shipped example probes, the default crawler,
// --probe-exec inside the container, and a failing probe; no container survives.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine, type Engine } from '../../src/engine/connect.js';
import { removeLabelled } from '../../src/engine/containers.js';
import { defaultHttpProbe, execProbe, loadProbe, runProbes, type Probe } from '../../src/probes/index.js';
import { startTarget } from '../../src/trace/target.js';

const runId = `test-${randomUUID().slice(0, 8)}`;
let engine: Engine;
let disposer: Disposer;

beforeAll(async () => {
  engine = await connectEngine();
});
afterEach(async () => {
  const failures = await disposer.disposeAll();
  await removeLabelled(engine, runId);
  expect(failures).toEqual([]);
  expect(execFileSync('/usr/bin/docker', ['ps', '-aq', '--filter', `label=minify.run=${runId}`]).toString().trim()).toBe('');
});

async function probeImage(image: string, probes: Probe[]) {
  disposer = new Disposer();
  const session = await startTarget({ engine, image, runId, disposer, readyTimeoutMs: 30_000 });
  await session.waitReady();
  const logs: string[] = [];
  const results = await runProbes(probes, { endpoints: session.endpoints, engine, containerId: session.containerId }, {
    timeoutMs: 30_000, log: (m) => logs.push(m),
  });
  return { results, logs };
}

describe('probes against fixtures', () => {
  it('node-api: probes/api.ts, the default crawler, exec probes, and execInTarget from an isolated probe', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'probes-e2e-'));
    const inTarget = join(dir, 'in-target.ts');
    await writeFile(inTarget, "export default async (ctx: any) => { ctx.log((await ctx.execInTarget(['ls', '/app/server.js'])).stdout.trim()); };\n");
    const { results, logs } = await probeImage('minify-fixture/node-api:1.0', [
      await loadProbe('probes/api.ts'),
      defaultHttpProbe,
      execProbe('ls /app/server.js'),
      execProbe('ls /no/such/file'),
      await loadProbe(inTarget),
    ]).finally(() => rm(dir, { recursive: true, force: true }));
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['api.ts', true], ['default http crawl', true], ['exec: ls /app/server.js', true], ['exec: ls /no/such/file', false], ['in-target.ts', true],
    ]);
    expect(logs).toContain('/app/server.js');
    expect(results[3]?.error).toMatch(/^ls \/no\/such\/file \(in the container\) exited with [1-9]/);
    expect(logs).toContain('port 3000: crawled 6 page(s)');
  });

  it('static-web: probes/static-web.ts and the crawler following links', async () => {
    const { results, logs } = await probeImage('minify-fixture/static-web:1.0', [await loadProbe('probes/static-web.ts'), defaultHttpProbe]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const crawled = logs.find((l) => l.startsWith('port 80: crawled'));
    expect(Number(crawled?.match(/crawled (\d+)/)?.[1])).toBeGreaterThanOrEqual(4);
  });

  it('redis: probes/redis.ts through the host redis-cli, and the crawler falls back to TCP', async () => {
    const { results, logs } = await probeImage('minify-fixture/redis:1.0', [await loadProbe('probes/redis.ts'), defaultHttpProbe]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(logs).toContain('port 6379: not HTTP, but a TCP connection stays open');
  });
});
