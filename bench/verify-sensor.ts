// Benchmark: the verify phase with and without the sensor on the slim image, per fixture
// (`npx tsx bench/verify-sensor.ts`, after `make build fixtures`). No grace period, so the figure is
// the probes, the sensor's snapshots and container start/stop. Slim tags made here are removed.
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../src/report/run-report.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = [
  { image: 'minify-fixture/node-api:1.0', probe: 'probes/api.ts' },
  { image: 'minify-fixture/static-web:1.0', probe: 'probes/static-web.ts' },
  { image: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts' },
];

async function verifySeconds(image: string, probe: string, sensor: boolean): Promise<string> {
  // A tag of this process's own: another run of the bench (or a helper's test) cannot hold its lock.
  const tag = `${image}-bench-verify-${process.pid}`;
  const args = ['run', image, '--probe', probe, '--tag', tag, '--grace-period', '0', '--json', ...(sensor ? [] : ['--no-verify-sensor'])];
  const run = await execa('node', [join(ROOT, 'bin', 'minify.js'), ...args], { cwd: ROOT, reject: false });
  await execa('/usr/bin/docker', ['rmi', '-f', tag], { reject: false });
  if (run.exitCode !== 0) {
    process.exitCode = 1;
    return `failed (exit ${run.exitCode})`;
  }
  const report = JSON.parse(run.stdout) as RunReport;
  const verify = report.timings.find((timing) => timing.phase === 'verify');
  return `${verify?.seconds.toFixed(1) ?? '?'} s`;
}

// `npx tsx bench/verify-sensor.ts static-web` runs only the fixtures whose name contains the argument.
const only = process.argv[2];
console.log('fixture                        verify, no sensor   verify, ptrace sensor');
for (const { image, probe } of FIXTURES.filter((fixture) => !only || fixture.image.includes(only))) {
  const bare = await verifySeconds(image, probe, false);
  const sensed = await verifySeconds(image, probe, true);
  console.log(`${image.padEnd(30)} ${bare.padStart(17)}   ${sensed.padStart(21)}`);
}
