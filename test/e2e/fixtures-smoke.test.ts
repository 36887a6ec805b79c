// Smoke test of the fixture images: each starts, answers for real on its published port, and is removed.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const LABEL = 'minify.run=test-fixtures';
const READY_TIMEOUT_MS = 30_000;

const started: string[] = [];

interface Running {
  id: string;
  hostPort: number;
}

async function docker(args: string[]): Promise<string> {
  const { stdout } = await execa(DOCKER, args);
  return stdout.trim();
}

async function requireImage(image: string): Promise<void> {
  const found = await execa(DOCKER, ['image', 'inspect', image], { reject: false });
  if (found.exitCode !== 0) throw new Error(`fixture image ${image} is missing; run \`make fixtures\``);
}

async function startFixture(image: string, port: number): Promise<Running> {
  await requireImage(image);
  const id = await docker(['run', '-d', '--label', LABEL, '-p', `127.0.0.1::${port}`, image]);
  started.push(id);
  // `docker port` prints e.g. "127.0.0.1:49153"
  const mapping = await docker(['port', id, `${port}/tcp`]);
  const hostPort = Number(mapping.split('\n')[0]?.split(':').pop());
  expect(hostPort).toBeGreaterThan(0);
  return { id, hostPort };
}

async function removeContainer(id: string): Promise<void> {
  await execa(DOCKER, ['rm', '-f', '-v', id], { reject: false });
}

/** Retries `attempt` until it returns a value; the userland proxy accepts TCP before the app listens. */
async function eventually<T>(what: string, id: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const logs = await execa(DOCKER, ['logs', '--tail', '30', id], { reject: false, all: true });
  throw new Error(`${what} did not answer within ${READY_TIMEOUT_MS} ms (last error: ${String(lastError)})\n${logs.all ?? ''}`);
}

async function httpGet(port: number, path: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

async function waitHttp(run: Running, path: string): Promise<{ status: number; body: string; type: string }> {
  return eventually(`GET ${path}`, run.id, async () => {
    const res = await httpGet(run.hostPort, path);
    return res.status === 200 ? res : undefined;
  });
}

async function redisCli(port: number, args: string[]): Promise<string> {
  const { stdout } = await execa('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5_000 });
  return stdout.trim();
}

afterEach(async () => {
  for (const id of started.splice(0)) await removeContainer(id);
});

afterAll(async () => {
  const left = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  for (const id of left.split('\n').filter(Boolean)) await removeContainer(id);
});

describe('fixture images', () => {
  it('node-api: runs as node with an empty entrypoint and answers every route', async () => {
    const image = 'minify-fixture/node-api:1.0';
    await requireImage(image);
    const config = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', image])) as {
      User: string;
      Entrypoint: string[] | null;
      Cmd: string[];
      WorkingDir: string;
      Env: string[];
      ExposedPorts: Record<string, unknown>;
    };
    expect(config.User).toBe('node');
    expect(config.Entrypoint ?? []).toEqual([]);
    expect(config.Cmd).toEqual(['node', 'server.js']);
    expect(config.WorkingDir).toBe('/app');
    expect(config.Env).toContain('NODE_ENV=production');
    expect(Object.keys(config.ExposedPorts)).toEqual(['3000/tcp']);

    const run = await startFixture(image, 3000);
    const health = await waitHttp(run, '/health');
    expect(JSON.parse(health.body)).toEqual({ ok: true });

    const index = await httpGet(run.hostPort, '/');
    expect(index.type).toContain('text/html');
    for (const route of ['/health', '/gzip', '/hash?s=', '/report', '/spawn']) expect(index.body).toContain(`href="${route}`);

    const report = JSON.parse((await httpGet(run.hostPort, '/report')).body) as Record<string, unknown>;
    expect(report.name).toBe('node-api');
    expect(report.cacheTtl).toBe(15 * 60_000); // the value a later layer wrote over the first one
    expect(typeof report.uptime).toBe('string');

    const hash = JSON.parse((await httpGet(run.hostPort, '/hash?s=x')).body) as { hex: string };
    expect(hash.hex).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    const gzip = JSON.parse((await httpGet(run.hostPort, '/gzip')).body) as { roundTrip: boolean };
    expect(gzip.roundTrip).toBe(true);
    const spawn = JSON.parse((await httpGet(run.hostPort, '/spawn')).body) as { files: string[] };
    expect(spawn.files).toEqual(expect.arrayContaining(['server.js', 'node_modules', 'config']));
    expect(spawn.files).not.toContain('tmp-build');
  });

  it('static-web: nginx serves the site and its assets', async () => {
    const run = await startFixture('minify-fixture/static-web:1.0', 80);
    const index = await waitHttp(run, '/');
    expect(index.body).toContain('minify static-web fixture');
    expect(index.body).toContain('href="/about.html"');
    const css = await httpGet(run.hostPort, '/css/style.css');
    expect(css.status).toBe(200);
    expect(css.type).toContain('text/css');
    const logo = await httpGet(run.hostPort, '/img/logo.png');
    expect(logo.type).toBe('image/png');
    expect((await httpGet(run.hostPort, '/docs/index.html')).body).toContain('<h1>Docs</h1>');
    expect((await httpGet(run.hostPort, '/missing.html')).status).toBe(404);
  });

  it('redis: answers PING and keeps a value', async () => {
    const run = await startFixture('minify-fixture/redis:1.0', 6379);
    const pong = await eventually('redis PING', run.id, async () => {
      const reply = await redisCli(run.hostPort, ['ping']);
      return reply === 'PONG' ? reply : undefined;
    });
    expect(pong).toBe('PONG');
    expect(await redisCli(run.hostPort, ['set', 'minify:key', 'slim'])).toBe('OK');
    expect(await redisCli(run.hostPort, ['get', 'minify:key'])).toBe('slim');
  });
});
