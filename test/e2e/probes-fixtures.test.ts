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
import { defaultProbes, execProbe, loadProbe, runProbes, type Probe } from '../../src/probes/index.js';
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
      defaultProbes(),
      execProbe('ls /app/server.js'),
      execProbe('ls /no/such/file'),
      await loadProbe(inTarget),
    ]).finally(() => rm(dir, { recursive: true, force: true }));
    // The errors go in the message: a probe that fails now and then (the OpenAPI one did) says why.
    expect(results.map((r) => [r.name, r.ok]), JSON.stringify(results.map((r) => [r.name, r.error]))).toEqual([
      ['api.ts', true], ['crawl :3000', true], ['openapi /openapi.json :3000', true], ['exec: ls /app/server.js', true], ['exec: ls /no/such/file', false], ['in-target.ts', true],
    ]);
    expect(logs).toContain('/app/server.js');
    expect(results[4]?.error).toMatch(/^ls \/no\/such\/file \(in the container\) exited with [1-9]/);
    expect(results[1]?.steps).toEqual(expect.arrayContaining([{ step: 'GET /report', outcome: '200' }, { step: 'GET /robots.txt', outcome: '404' }]));
  });

  it('static-web: probes/static-web.ts and the crawler following links', async () => {
    const { results } = await probeImage('minify-fixture/static-web:1.0', [await loadProbe('probes/static-web.ts'), defaultProbes()]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const steps = Object.fromEntries((results[1]?.steps ?? []).map((s) => [s.step, s.outcome]));
    expect(results[1]?.name).toBe('crawl :80');
    expect(steps).toMatchObject({
      'GET /robots.txt': '200', 'GET /sitemap.xml': '200', 'GET /favicon.ico': '200', 'GET /.well-known/security.txt': '200',
      'GET /site.webmanifest': '200', 'GET /img/icon-192.png': '200', 'GET /offers/spring.html': '200', 'GET /css/style.css': '200',
    });
    expect(Object.entries(steps).find(([step]) => step.startsWith('GET /minify-missing-'))?.[1]).toBe('404');
    expect(Object.entries(steps).filter(([step]) => /^HEAD |\(Range|\(If-/.test(step)).map(([, outcome]) => outcome)).toEqual(['200', '206', '304']);
  });

  it('redis: probes/redis.ts through the host redis-cli, and the default probe speaks RESP', async () => {
    const { results } = await probeImage('minify-fixture/redis:1.0', [await loadProbe('probes/redis.ts'), defaultProbes()]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results[1]?.name).toBe('redis :6379');
    expect(results[1]?.steps?.map((s) => s.step.split(' ')[0])).toEqual(['PING', 'SET', 'GET', 'INFO', 'DEL']);
    expect(results[1]?.steps?.[0]).toEqual({ step: 'PING', outcome: 'PONG' });
  });

  it('postgres: the default probe speaks the wire protocol (trust auth) and runs a query', async () => {
    const { results } = await probeImage('minify-fixture/postgres:1.0', [defaultProbes()]);
    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual([['postgres :5432', true, undefined]]);
    expect(results[0]?.steps?.[0]).toEqual({ step: 'startup as postgres', outcome: 'trust: ready for query' });
    expect(results[0]?.steps?.[1]?.outcome).toMatch(/^PostgreSQL \d+/);
  });
});
