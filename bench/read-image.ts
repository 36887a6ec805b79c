// Benchmark (issue 14): what reading the source costs a run. Per fixture: `docker save` seconds,
// `minify run` wall with the in-container scan (the default) and with `--read-image save`, each
// run's "read image" phase, and the ratio run(scan)/save (goal <= 0.6). Beside it the part of the run
// that reads or writes image bytes on the critical path (read image past the trace, plan, assemble,
// load) over save, since the trace and verify phases run the app whatever the image's size.
// `npx tsx bench/read-image.ts`
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../src/report/run-report.js';

const ROOT = join(import.meta.dirname, '..');
const DOCKER = '/usr/bin/docker';
const GOAL = 0.6;
const FIXTURES = [
  { image: 'minify-fixture/node-api:1.0', probe: 'probes/api.ts' },
  { image: 'minify-fixture/static-web:1.0', probe: 'probes/static-web.ts' },
  { image: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts' },
];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function saveSeconds(image: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-save-'));
  try {
    const started = performance.now();
    await execa(DOCKER, ['save', '-o', join(dir, 'image.tar'), image]);
    return performance.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Measured { readonly ms: number; readonly read: number; readonly imagePart: number; readonly report: RunReport }

/** Seconds of the phases that handle image bytes and that nothing overlaps. */
function imagePartMs(report: RunReport): number {
  const phase = (name: string) => (report.timings.find((t) => t.phase === name)?.seconds ?? 0) * 1000;
  return Math.max(0, phase('read image') - phase('trace')) + phase('plan') + phase('assemble') + phase('load');
}

async function run(image: string, probe: string, readImage: string): Promise<Measured | string> {
  const tag = `${image.replace(/:.*/, '')}:bench-read-${readImage}`;
  const args = ['run', image, '--probe', probe, '--tag', tag, '--read-image', readImage, '--json', '--quiet'];
  const started = performance.now();
  const result = await execa('node', [join(ROOT, 'bin', 'minify.js'), ...args], { cwd: ROOT, reject: false });
  const ms = performance.now() - started;
  await execa(DOCKER, ['rmi', '-f', tag], { reject: false });
  if (result.exitCode !== 0) return `failed (exit ${result.exitCode}): ${result.stderr.split('\n').at(-1)}`;
  const report = JSON.parse(result.stdout) as RunReport;
  const read = (report.timings.find((t) => t.phase === 'read image')?.seconds ?? 0) * 1000;
  return { ms, read, imagePart: imagePartMs(report), report };
}

let missed = false;
console.log('fixture                        docker save   run scan (read)      run save (read)      scan/save  goal     image part  part/save  same slim');
for (const { image, probe } of FIXTURES) {
  const save = await saveSeconds(image);
  const scan = await run(image, probe, 'scan');
  const saved = await run(image, probe, 'save');
  if (typeof scan === 'string' || typeof saved === 'string') {
    console.log(`${image.padEnd(30)} ${typeof scan === 'string' ? `scan ${scan}` : `save ${saved as string}`}`);
    process.exitCode = 1;
    continue;
  }
  const ratio = scan.ms / save;
  if (ratio > GOAL) missed = true;
  const same = scan.report.slim?.id === saved.report.slim?.id ? 'yes' : `NO (${scan.report.slim?.id} vs ${saved.report.slim?.id})`;
  console.log(
    `${image.padEnd(30)} ${s(save).padStart(11)}   ${s(scan.ms).padStart(7)} (${s(scan.read).padStart(6)})   ${s(saved.ms).padStart(7)} (${s(saved.read).padStart(6)})` +
      `   ${ratio.toFixed(2).padStart(8)}  ${(ratio <= GOAL ? `<= ${GOAL}` : 'MISSED').padEnd(7)}  ${s(scan.imagePart).padStart(9)}  ${(scan.imagePart / save).toFixed(2).padStart(9)}  ${same}`,
  );
}
console.log('run scan = minify run (default --read-image scan); run save = --read-image save; (read) = its "read image" phase');
console.log('image part = the scan run\'s read image beyond the trace + plan + assemble + load (the trace and verify run the app)');
if (missed) console.log(`goal missed: a run with the scan costs more than ${GOAL} x docker save of the same image`);
