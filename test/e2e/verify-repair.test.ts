// The verify loop against a real engine: a verify probe calls a route the trace probe skipped, whose
// file lies outside everything the plan keeps (a data file in /opt no package owns); the sensor on
// the slim image names the file and the probe, one repair round keeps it. An app that dies a few
// seconds after its last probe is never verified.
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { fetchFromImage, imageId, removeTag } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';
import { buildTestImage } from './verify-images.js';

const tag = uniqueId();
const APP = `minify-test/verify-table:${tag}`;
const DYING = `minify-test/verify-dying:${tag}`;
const sandbox = useSandbox({ tags: [APP, DYING, `${APP}-slim`, `${DYING}-slim`] });
let traceProbe: string;
let verifyProbe: string;

beforeAll(async () => {
  const files = { '/opt/data/table.txt': 'table-row 1\ntable-row 2\n' };
  await buildTestImage(APP, sandbox.tmp, files, []);
  await buildTestImage(DYING, sandbox.tmp, files, ['ENV DIE_AFTER=3']);
  traceProbe = await sandbox.probe('trace-home.ts', `export default async (ctx: any) => { await ctx.http.get('/', { expect: { status: 200, contains: 'ok' } }); };`);
  verifyProbe = await sandbox.probe('verify-report.ts', `export default async (ctx: any) => { await ctx.http.get('/report', { expect: { status: 200, contains: 'table-row 2' } }); };`);
}, 60_000);

describe('verify under the sensor, and repair', () => {
  it('a verify probe finds the file the trace never saw; one repair round keeps it (exit 0)', async () => {
    const result = await sandbox.spawn(['run', APP, '--probe', traceProbe, '--verify-probe', verifyProbe, '--json', '--report', `${sandbox.tmp}/repaired.json`]);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as {
      verified: string;
      misses: Array<{ path: string; probe?: string; phase: string; round: number }>;
      repairs: Array<{ round: number; because: string[]; added: Array<{ path: string; reason: string }> }>;
      probes: { verify: Array<{ name: string; ok: boolean }> };
    };
    expect(report.verified).toBe('passed');
    expect(report.misses).toContainEqual({ path: '/opt/data/table.txt', op: 'open', probe: 'verify-report.ts', phase: 'verify-probe', round: 0 });
    expect(report.repairs).toHaveLength(1);
    expect(report.repairs[0]?.because).toContain('/opt/data/table.txt (needed while probe verify-report.ts ran)');
    expect(report.repairs[0]?.added).toContainEqual({ path: '/opt/data/table.txt', reason: 'repair round 1: missed while probe verify-report.ts ran' });
    expect(report.probes.verify.map((probe) => [probe.name, probe.ok])).toEqual([['trace-home.ts', true], ['verify-report.ts', true]]);
    // Held out: the kept image, run as a user would, serves the route.
    const [served] = await fetchFromImage(`${APP}-slim`, 8080, ['/report']);
    expect(served).toEqual({ status: 200, body: 'table-row 1\ntable-row 2\n' });
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 240_000);

  it('--no-repair only reports: exit 10, the same file and probe named, the slim tag removed', async () => {
    removeTag(`${APP}-slim`);
    const result = await sandbox.spawn(['run', APP, '--probe', traceProbe, '--verify-probe', verifyProbe, '--no-repair', '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(result.stderr).toContain('minify: slim lacks /opt/data/table.txt (needed while probe verify-report.ts ran)');
    expect(result.stderr).toMatch(/verify failed: probe verify-report\.ts failed against .*expected status 200, got 500/);
    expect(imageId(`${APP}-slim`)).toBeUndefined();
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 180_000);

  it('--include-from the repaired run\'s report keeps the file from the start: no miss, no repair', async () => {
    removeTag(`${APP}-slim`);
    const result = await sandbox.spawn(['run', APP, '--probe', traceProbe, '--verify-probe', verifyProbe, '--no-repair', '--include-from', `${sandbox.tmp}/repaired.json`, '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as { misses: unknown[]; repairs: unknown[]; kept: Array<{ path: string; reason: string }> };
    expect([report.misses, report.repairs]).toEqual([[], []]);
    expect(report.kept).toContainEqual({ path: '/opt/data/table.txt', reason: `include --include-from ${sandbox.tmp}/repaired.json` });
  }, 180_000);

  it('an app that exits 3 s after its last probe is never verified: exit 8 on the source, with its last log lines', async () => {
    const result = await sandbox.spawn(['run', DYING, '--probe', traceProbe, '--grace-period', '5', '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.appExited);
    expect(result.stderr).toMatch(/exited within the 5s grace period after the last probe; last log lines:\n(.*\n)*idle, exiting/);
    expect(imageId(`${DYING}-slim`)).toBeUndefined();
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 180_000);
});
