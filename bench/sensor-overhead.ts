// Requests/s of fixture servers with no sensor, fanotify, ptrace and both (npx tsx bench/sensor-overhead.ts).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';

const DOCKER = '/usr/bin/docker';
const SENSOR = join(import.meta.dirname, '..', 'build', 'minify-sensor');
const MAX_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const MAX_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 8;
/** Issue 4's goal for the default mode: at least 80% of the requests/s without the sensor. */
const BOTH_TARGET = 0.8;

interface Target {
  readonly image: string;
  readonly port: number;
  readonly path: string;
}
const TARGETS: readonly Target[] = [
  { image: 'minify-fixture/node-api:1.0', port: 3000, path: '/health' },
  { image: 'minify-fixture/static-web:1.0', port: 80, path: '/' },
];
type Variant = 'none' | 'fanotify' | 'ptrace' | 'both';
const VARIANTS: readonly Variant[] = ['none', 'fanotify', 'ptrace', 'both'];
const CAPS: Record<Variant, string[]> = {
  none: [],
  fanotify: ['SYS_ADMIN'],
  ptrace: ['SYS_PTRACE'],
  both: ['SYS_ADMIN', 'SYS_PTRACE'],
};

async function docker(args: string[]): Promise<string> {
  return (await execa(DOCKER, args, { timeout: 120_000 })).stdout.trim();
}

async function imageConfig(image: string): Promise<{ User?: string; Entrypoint?: string[] | null; Cmd?: string[] | null }> {
  return JSON.parse(await docker(['inspect', '--format', '{{json .Config}}', image])) as never;
}

async function start(target: Target, variant: Variant, work: string): Promise<string> {
  const args = ['create', '--label', `minify.run=bench-${randomBytes(4).toString('hex')}`, '-p', `127.0.0.1::${target.port}`];
  for (const cap of CAPS[variant]) args.push('--cap-add', cap);
  if (variant === 'none') {
    args.push(target.image);
  } else {
    const config = await imageConfig(target.image);
    const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
    args.push('--user', '0:0', '--entrypoint', '/.minify/minify-sensor', target.image, '--mode', variant);
    if (config.User) args.push('--user', config.User);
    args.push('--', ...argv);
  }
  const id = await docker(args);
  if (variant !== 'none') await docker(['cp', join(work, '.minify'), `${id}:/`]);
  await docker(['start', id]);
  return id;
}

function request(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function waitReady(port: number, path: string): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  for (let i = 0; i < 150; i++) {
    if ((await request(agent, port, path).catch(() => 0)) === 200) return;
    await sleep(200);
  }
  throw new Error(`no answer on 127.0.0.1:${port}${path} within 30 s`);
}

/** A bounded keep-alive loop: CONCURRENCY clients until MAX_REQUESTS or MAX_SECONDS. */
async function measure(port: number, path: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const startedAt = performance.now();
  let done = 0;
  let issued = 0;
  const client = async () => {
    while (issued < MAX_REQUESTS && performance.now() < deadline) {
      issued++;
      if ((await request(agent, port, path)) !== 200) throw new Error(`GET ${path} failed`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  agent.destroy();
  return done / ((performance.now() - startedAt) / 1000);
}

async function main(): Promise<void> {
  if (!existsSync(SENSOR)) throw new Error(`${SENSOR} is missing: run \`make sensor\` first`);
  const work = await mkdtemp(join(tmpdir(), 'minify-bench-'));
  const containers = new Set<string>();
  const cleanup = async () => {
    for (const id of containers) await execa(DOCKER, ['rm', '-f', '-v', id], { reject: false });
    containers.clear();
    await rm(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    await mkdir(join(work, '.minify'));
    await copyFile(SENSOR, join(work, '.minify', 'minify-sensor'));
    const rows: string[][] = [];
    for (const target of TARGETS) {
      const row = [`${target.image} ${target.path}`];
      for (const variant of VARIANTS) {
        const id = await start(target, variant, work);
        containers.add(id);
        try {
          const port = Number(/:(\d+)$/m.exec(await docker(['port', id, `${target.port}/tcp`]))?.[1]);
          await waitReady(port, target.path);
          await measure(port, target.path).catch(() => 0); // warm-up: JIT, caches, first-seen paths
          const rps = await measure(port, target.path);
          row.push(rps.toFixed(0));
          console.error(`${target.image} ${variant}: ${rps.toFixed(0)} req/s`);
        } finally {
          await execa(DOCKER, ['rm', '-f', '-v', id], { reject: false });
          containers.delete(id);
        }
      }
      rows.push(row);
    }
    const header = ['target (req/s)', ...VARIANTS];
    const table = [header, ...rows];
    const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    for (const r of table) console.log(r.map((c, i) => c.padStart(i === 0 ? 0 : widths[i] ?? 0).padEnd(i === 0 ? widths[0] ?? 0 : 0)).join('  '));
    for (const r of rows) {
      const base = Number(r[1]);
      console.log(`${r[0]}: overhead ${VARIANTS.slice(1).map((v, i) => `${v} ${(100 * (1 - Number(r[i + 2]) / base)).toFixed(0)}%`).join(', ')}`);
      const bothRatio = Number(r[VARIANTS.indexOf('both') + 1]) / base;
      console.log(`${r[0]}: both/none = ${bothRatio.toFixed(2)} (target >= ${BOTH_TARGET.toFixed(2)}: ${bothRatio >= BOTH_TARGET ? 'met' : 'missed'})`);
    }
    console.log(`(${CONCURRENCY} keep-alive clients, ≤${MAX_REQUESTS} requests or ${MAX_SECONDS}s per run, after one warm-up run)`);
  } finally {
    await cleanup();
  }
}

await main();
