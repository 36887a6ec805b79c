// Growth bench (issue 14): builds locally an image about 4× node-api's files and bytes (node-api plus
// a generated layer of files), then prints wall time and peak RSS of `minify analyze` and `minify run`
// on node-api and on it. `npx tsx bench/growth.ts [--files N] [--gb G] [--keep] [--only base|x4]
// [--skip analyze|run] [--read-image scan|save]`; not part of `make test`. The synthetic image and the
// slim tags are removed afterwards (`--keep` keeps the synthetic image, and a kept one of the same
// size is reused instead of built again); it skips with a reason if disk is short.
import { execFileSync, spawn } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';

const ROOT = join(import.meta.dirname, '..');
const DOCKER = '/usr/bin/docker';
const BASE = 'minify-fixture/node-api:1.0';
const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number): number => Number(option(name) ?? fallback);
const EXTRA_FILES = arg('--files', 200_000);
const EXTRA_BYTES = arg('--gb', 3.3) * 1e9;
const GROWN = `minify-bench-growth/node-api-x4:${EXTRA_FILES}-${EXTRA_BYTES / 1e9}gb`;
const KEEP = process.argv.includes('--keep');
const ONLY = option('--only');
const SKIP = option('--skip');
const READ_IMAGE = option('--read-image');
const BIG_FILES = 10;

const docker = (args: readonly string[]): string => execFileSync(DOCKER, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

/** A tar of the extra files: many small ones in 1000-file dirs plus a few big ones; unique bytes each. */
function extraFiles(): Readable {
  const p = pack();
  const bigSize = Math.floor((EXTRA_BYTES * 0.3) / BIG_FILES);
  const smallAvg = (EXTRA_BYTES * 0.7) / EXTRA_FILES;
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  void (async () => {
    const entry = (name: string, size: number, seed: number) => new Promise<void>((resolve, reject) => {
      const stream = p.entry({ name, size, mode: 0o644 }, (error) => (error ? reject(error) : resolve()));
      let left = size;
      const head = Buffer.from(`${name} ${seed}\n`);
      const write = () => {
        while (left > 0) {
          const n = Math.min(left, block.length);
          const chunk = left === size && n > head.length ? Buffer.concat([head, block.subarray(0, n - head.length)]) : block.subarray(0, n);
          left -= chunk.length;
          if (!stream.write(chunk)) return void stream.once('drain', write);
        }
        (stream as unknown as NodeJS.WritableStream).end();
      };
      write();
    });
    for (let i = 0; i < EXTRA_FILES; i++) {
      const size = Math.max(64, Math.round(smallAvg * (0.25 + 1.5 * ((i * 7919) % 1000) / 1000)));
      await entry(`opt/growth/d${Math.floor(i / 1000)}/f${i}.dat`, size, i);
    }
    for (let i = 0; i < BIG_FILES; i++) await entry(`opt/growth/big/b${i}.bin`, bigSize, i);
    p.finalize();
  })().catch((error: unknown) => p.destroy(error as Error));
  return p as unknown as Readable;
}

async function buildGrown(): Promise<void> {
  const id = docker(['create', BASE]);
  try {
    await new Promise<void>((resolve, reject) => {
      const cp = spawn(DOCKER, ['cp', '-', `${id}:/`], { stdio: ['pipe', 'ignore', 'inherit'] });
      extraFiles().pipe(cp.stdin);
      cp.on('error', reject);
      cp.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker cp exited ${code}`))));
    });
    docker(['commit', id, GROWN]);
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

interface Measured {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly code: number;
  readonly tail: string;
}

/** One minify command under /usr/bin/time: wall seconds and the child's peak RSS. */
function measure(args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS %M', 'node', join(ROOT, 'bin', 'minify.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rss = /MAXRSS (\d+)/.exec(stderr);
      resolve({
        seconds: (performance.now() - started) / 1000, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, code: code ?? -1,
        tail: stderr.split('\n').filter((l) => l && !l.startsWith('MAXRSS')).slice(-2).join(' | '),
      });
    });
  });
}

function imageFacts(image: string): { files: number; bytes: number } {
  const out = docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', 'find / -xdev -type f | wc -l; du -sxb / | cut -f1']).split('\n');
  return { files: Number(out[0]), bytes: Number(out[1]) };
}

const exists = (image: string): boolean => {
  try {
    return docker(['image', 'inspect', '--format', '{{.Id}}', image]).length > 0;
  } catch {
    return false;
  }
};

const dockerRoot = docker(['info', '--format', '{{.DockerRootDir}}']);
const reuse = exists(GROWN);
const tmp = process.env.TMPDIR ?? '/tmp';
const needed = EXTRA_BYTES * 3 + 2e9;
if ((!reuse && freeBytes(dockerRoot) < needed) || freeBytes(tmp) < EXTRA_BYTES * 1.5 + 1.5e9) {
  console.log(`growth bench skipped: needs ${(needed / 1e9).toFixed(0)} GB free under ${dockerRoot} and ${((EXTRA_BYTES * 1.5) / 1e9).toFixed(0)} GB under ${tmp}`);
  process.exit(0);
}
const t = performance.now();
if (reuse) console.log(`reusing ${GROWN}`);
else if (ONLY !== 'base') {
  await buildGrown();
  console.log(`built ${GROWN} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
const note = (m: Measured) => (m.code === 0 ? '' : ` (exit ${m.code}: ${m.tail})`);
const shown = (label: string, m: Measured | undefined) => (m ? `  ${label} ${m.seconds.toFixed(1).padStart(6)} s ${m.peakRssMb.toFixed(0).padStart(5)} MB${note(m)}` : '');
try {
  for (const image of [BASE, GROWN]) {
    if (ONLY && ONLY !== (image === BASE ? 'base' : 'x4')) continue;
    const facts = imageFacts(image);
    const analyze = SKIP === 'analyze' ? undefined : await measure(['analyze', image, '--json']);
    const tag = `minify-bench-growth/slim-${image === BASE ? 'base' : 'x4'}:slim`;
    const run = SKIP === 'run' ? undefined : await measure(['run', image, '--probe', 'probes/api.ts', '--tag', tag, '--json', ...(READ_IMAGE ? ['--read-image', READ_IMAGE] : [])]);
    if (run) docker(['rmi', '-f', tag]);
    console.log(`${image.padEnd(44)} ${String(facts.files).padStart(8)} ${(facts.bytes / 1e9).toFixed(2).padStart(7)} GB${shown('analyze', analyze)}${shown('run', run)}`);
  }
} finally {
  if (!KEEP && !reuse && ONLY !== 'base') docker(['rmi', '-f', GROWN]);
}
