// Benchmark: what keeping live components whole costs. Runs `minify run` on every fixture with
// `--closure traced` and `--closure component`; prints both slim sizes, their ratio (goal <= 1.6 on
// node-api and static-web) and the five biggest components (`npx tsx bench/components.ts`).
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../src/report/run-report.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = [
  { image: 'minify-fixture/node-api:1.0', probe: 'probes/api.ts', goal: 1.6 },
  { image: 'minify-fixture/static-web:1.0', probe: 'probes/static-web.ts', goal: 1.6 },
  { image: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts' },
];
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function slimReport(image: string, probe: string, closure: string): Promise<RunReport | string> {
  const tag = `${image.replace(/:.*/, '')}:bench-${closure}`;
  const args = ['run', image, '--probe', probe, '--tag', tag, '--closure', closure, '--json', '--quiet'];
  const run = await execa('node', [join(ROOT, 'bin', 'minify.js'), ...args], { cwd: ROOT, reject: false });
  await execa('/usr/bin/docker', ['rmi', '-f', tag], { reject: false });
  if (run.exitCode !== 0) return `failed (exit ${run.exitCode}): ${run.stderr.split('\n').at(-1)}`;
  return JSON.parse(run.stdout) as RunReport;
}

let missed = false;
console.log('fixture                        source    traced  component  ratio  goal   verify (traced/component)');
for (const { image, probe, goal } of FIXTURES) {
  const traced = await slimReport(image, probe, 'traced');
  const component = await slimReport(image, probe, 'component');
  if (typeof traced === 'string' || typeof component === 'string') {
    console.log(`${image.padEnd(30)} ${typeof traced === 'string' ? traced : component}`);
    process.exitCode = 1;
    continue;
  }
  const tracedBytes = traced.slim?.bytes ?? 0;
  const componentBytes = component.slim?.bytes ?? 0;
  const ratio = componentBytes / tracedBytes;
  const verdict = goal === undefined ? '' : ratio <= goal ? `<= ${goal}` : `MISSED (> ${goal})`;
  if (goal !== undefined && ratio > goal) missed = true;
  console.log(
    `${image.padEnd(30)} ${mb(component.source.bytes).padStart(8)} ${mb(tracedBytes).padStart(9)} ${mb(componentBytes).padStart(10)}` +
      ` ${ratio.toFixed(2).padStart(6)}  ${verdict.padEnd(16)} ${traced.verified}/${component.verified}`,
  );
  const added = [...component.components.kept].sort((a, b) => b.addedBytes - a.addedBytes).slice(0, 5);
  console.log(`  biggest components: ${component.components.kept.slice(0, 5).map((c) => `${c.id} ${mb(c.bytes)}`).join(', ')}`);
  console.log(`  most added over traced: ${added.map((c) => `${c.id} +${mb(c.addedBytes)} (${c.why})`).join(', ')}`);
}
console.log('traced = slim image with --closure traced; component = with --closure component (the default)');
if (missed) console.log('goal missed: the "most added" components say which rules to sharpen');
