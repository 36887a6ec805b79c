// Benchmark: `minify run` on every fixture; prints sizes, ratios and seconds per phase
// (`npx tsx bench/run-fixtures.ts`, after `make build fixtures`). Slim tags made here are removed.
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../src/report/run-report.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = [
  { image: 'minify-fixture/node-api:1.0', probe: 'probes/api.ts' },
  { image: 'minify-fixture/static-web:1.0', probe: 'probes/static-web.ts' },
  { image: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts' },
];
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

console.log('fixture                        source      slim   ratio   traced   slim/traced  verify  seconds per phase (wall)');
for (const { image, probe } of FIXTURES) {
  const tag = `${image}-bench`;
  const started = performance.now();
  const run = await execa('node', [join(ROOT, 'bin', 'minify.js'), 'run', image, '--probe', probe, '--tag', tag, '--json'], { cwd: ROOT, reject: false });
  const wall = (performance.now() - started) / 1000;
  await execa('/usr/bin/docker', ['rmi', '-f', tag], { reject: false });
  if (run.exitCode !== 0) {
    console.log(`${image.padEnd(30)} failed (exit ${run.exitCode}): ${run.stderr.split('\n').at(-1)}`);
    process.exitCode = 1;
    continue;
  }
  const report = JSON.parse(run.stdout) as RunReport;
  const slim = report.slim?.bytes ?? 0;
  const phases = report.timings.map((t) => `${t.phase} ${t.seconds.toFixed(1)}`).join(', ');
  console.log(
    `${image.padEnd(30)} ${mb(report.source.bytes).padStart(8)} ${mb(slim).padStart(9)} ${`${(report.source.bytes / slim).toFixed(1)}x`.padStart(7)}` +
      ` ${mb(report.tracedFileBytes).padStart(8)} ${(slim / report.tracedFileBytes).toFixed(2).padStart(12)}  ${report.verified.padEnd(6)}  ${phases} (${wall.toFixed(1)})`,
  );
}
console.log('traced = bytes of the files the app was seen to use, the lower limit of any slim image');
