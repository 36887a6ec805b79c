// Probe loading (tsx at run time), expectation messages, the runner's timeouts and the link finder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { execProbe } from '../../src/probes/exec-probe.js';
import { loadProbe } from '../../src/probes/load.js';
import { runProbes } from '../../src/probes/run.js';
import type { Probe } from '../../src/probes/types.js';

let dir: string;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minify-probes-'));
  server = createServer((req, res) => {
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: false, n: 2 }));
    } else if (req.url === '/boom') {
      res.statusCode = 500;
      res.end('broken');
    } else {
      res.end('hello world');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const target = () => ({ endpoints: new Map([[8080, { port }]]) });
const quiet = { log: () => {} };

async function probeFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadError(file: string): Promise<MinifyError> {
  const error = await loadProbe(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MinifyError);
  expect((error as MinifyError).code).toBe(ExitCode.invalidProbe);
  return error as MinifyError;
}

describe('loadProbe', { timeout: 60_000 }, () => {
  it('loads a TypeScript probe and runs it against a port', async () => {
    const file = await probeFile('ok.ts', `
      import type { ProbeContext } from '${join(process.cwd(), 'src/probes/types.js')}';
      export default async function (ctx: ProbeContext): Promise<void> {
        const r = await ctx.http.get('/', { expect: { status: 200, contains: 'hello' } });
        ctx.log(r.body);
      }`);
    const probe = await loadProbe(file);
    expect(probe.name).toBe('ok.ts');
    const logs: string[] = [];
    const [result] = await runProbes([probe], target(), { log: (m) => logs.push(m) });
    expect(result).toMatchObject({ name: 'ok.ts', ok: true });
    expect(logs).toEqual(['hello world']);
  });

  it('names the file and the problem for a missing file, a syntax error and no default export', async () => {
    expect((await loadError(join(dir, 'nope.ts'))).message).toBe(`probe file ${join(dir, 'nope.ts')} does not exist`);
    const broken = await probeFile('broken.ts', 'export default async function (ctx { oops');
    expect((await loadError(broken)).message).toMatch(/^probe file .*broken\.ts cannot be loaded: /);
    const named = await probeFile('named.ts', 'export async function probe() {}');
    expect((await loadError(named)).message).toMatch(/named\.ts has no default export function$/);
    const notFn = await probeFile('value.ts', 'export default 42;');
    expect((await loadError(notFn)).message).toMatch(/value\.ts has no default export function$/);
  });
});

describe('runProbes', () => {
  const probe = (name: string, run: Probe['run']): Probe => ({ name, run });

  it('turns failed expectations into clear messages and keeps going', async () => {
    const results = await runProbes(
      [
        probe('status', async (ctx) => void (await ctx.http.get('/boom', { expect: { status: 200 } }))),
        probe('json', async (ctx) => void (await ctx.http.get('/health', { expect: { json: { ok: true } } }))),
        probe('contains', async (ctx) => void (await ctx.http.get('/', { port: 8080, expect: { contains: 'bye' } }))),
        probe('unpublished', async (ctx) => void (await ctx.http.get('/', { port: 9 }))),
        probe('offhost', async (ctx) => void (await ctx.http.get('http://10.0.0.1/'))),
        probe('fine', async (ctx) => void (await ctx.http.post('/', { body: { a: 1 }, expect: { status: 200 } }))),
      ],
      target(),
      quiet,
    );
    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual([
      ['status', false, 'GET /boom: expected status 200, got 500'],
      ['json', false, 'GET /health: expected JSON ok=true, got false'],
      ['contains', false, 'GET /: expected the body to contain "bye", got "hello world"'],
      ['unpublished', false, 'port 9 is not published by the image (published: 8080)'],
      ['offhost', false, "http://10.0.0.1/: probes may only talk to 127.0.0.1 (the target's published ports)"],
      ['fine', true, undefined],
    ]);
  });

  it('bounds each probe by its timeout and aborts its signal', async () => {
    let aborted = false;
    const started = Date.now();
    const [result] = await runProbes(
      [probe('slow', (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => { aborted = true; resolve(); })))],
      target(),
      { ...quiet, timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, error: 'timed out after 300ms' });
    expect(aborted).toBe(true);
  });

  it('runs host commands and fails on a non-zero exit', async () => {
    const results = await runProbes(
      [
        probe('true', async (ctx) => void (await ctx.exec('sh', ['-c', 'exit 0']))),
        probe('false', async (ctx) => void (await ctx.exec('sh', ['-c', 'echo bad >&2; exit 3']))),
      ],
      target(),
      quiet,
    );
    expect(results.map((r) => r.error)).toEqual([undefined, 'sh -c echo bad >&2; exit 3: exited with 3: bad']);
  });

  it('rejects an empty --probe-exec', () => {
    expect(() => execProbe('   ')).toThrow(/needs a command/);
    expect(execProbe(' redis-cli  ping ').name).toBe('exec: redis-cli ping');
  });
});
