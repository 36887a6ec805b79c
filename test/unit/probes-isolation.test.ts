// Probe files run in their own process: a probe that never yields is killed at its deadline, the
// context's calls are proxied (HTTP with json(), host commands, any method the context offers),
// failures read as they do in-process, and syntax errors are located as file:line:col.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MinifyError } from '../../src/errors.js';
import { createProbeContext } from '../../src/probes/context.js';
import { loadProbe } from '../../src/probes/load.js';
import { runProbes } from '../../src/probes/run.js';
import type { ProbeContext } from '../../src/probes/types.js';

let dir: string;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minify-isolation-'));
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/text' ? 'not json' : JSON.stringify({ pid: process.pid }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const target = () => ({ endpoints: new Map([[8080, { port }]]) });

async function probeFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Each probe file costs a node process or two (tsx included): seconds each on a busy 2-core machine.
describe('isolated probes', { timeout: 60_000 }, () => {
  it('kills a probe that never yields at its deadline, and its process is gone', async () => {
    const probe = await loadProbe(await probeFile('spin.ts', 'export default function (ctx: any) { ctx.log(`pid ${process.pid}`); for (;;) {} }'));
    const logs: string[] = [];
    const started = Date.now();
    const [result] = await runProbes([probe], target(), { timeoutMs: 3000, log: (m) => logs.push(m) });
    expect(result).toMatchObject({ name: 'spin.ts', ok: false, error: 'timed out after 3s' });
    expect(Date.now() - started).toBeLessThan(6000);
    const pid = Number(logs.find((l) => l.startsWith('pid '))?.slice(4));
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(false);
  });

  it('proxies ctx.http (with json()), ctx.exec and console output, and reports failures as in-process', async () => {
    const probe = await loadProbe(await probeFile('calls.ts', `
      import type { ProbeContext } from '${join(process.cwd(), 'src/probes/types.js')}';
      export default async function (ctx: ProbeContext): Promise<void> {
        const served = (await ctx.http.get('/', { expect: { status: 200 } })).json<{ pid: number }>();
        ctx.log(\`served by \${served.pid === process.pid ? 'the probe' : 'minify'}\`);
        ctx.log((await ctx.exec('sh', ['-c', 'echo from-host'])).stdout.trim());
        console.log('console line', ctx.ports.join(','), ctx.url(8080, '/x') === 'http://127.0.0.1:${port}/x');
        (await ctx.http.get('/text')).json();
      }`));
    const logs: string[] = [];
    const [result] = await runProbes([probe], target(), { log: (m) => logs.push(m) });
    expect(result?.error).toBe('GET /text: body is not JSON: "not json"');
    expect(logs).toEqual(['served by minify', 'from-host', 'console line 8080 true']);
  });

  it('proxies whatever async method the context has, and tells a crash or process.exit from a failure', async () => {
    const restartProbe = await loadProbe(await probeFile('restart.ts', 'export default async (ctx: any) => { ctx.log(await ctx.restart(2)); }'));
    const calls: unknown[] = [];
    const ctx = { ...createProbeContext(target()), log: (m: string) => calls.push(m), restart: async (n: number) => `restarted ${n}` } as unknown as ProbeContext;
    await restartProbe.run(ctx);
    expect(calls).toEqual(['restarted 2']);

    const exits = await loadProbe(await probeFile('exits.ts', 'export default () => { console.error("bye"); process.exit(3); }'));
    const throws = await loadProbe(await probeFile('throws.ts', 'export default async () => { throw new TypeError("x is not a function"); }'));
    const results = await runProbes([exits, throws], target(), { log: () => {} });
    expect(results.map((r) => r.error)).toEqual(['its process exited (code 3) before the probe finished: bye', 'x is not a function']);
  });

  it('locates syntax errors as file:line:col, in TypeScript and in an ES module', async () => {
    const ts = await probeFile('bad.ts', 'export default async function (ctx) {\n  const x = ;\n}\n');
    const mjs = await probeFile('bad.mjs', 'export default async function (ctx) {\n  const x = ;\n}\n');
    for (const [file, where] of [[ts, `${ts}:2:12: Unexpected ";"`], [mjs, `${mjs}:2:13: Unexpected token ';'`]] as const) {
      const error = await loadProbe(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MinifyError);
      expect((error as MinifyError).message).toBe(`probe file ${file} cannot be loaded: ${where}`);
    }
  });
});
