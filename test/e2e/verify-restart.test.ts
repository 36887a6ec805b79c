// Restart paths: an entrypoint that initializes on its first start and, on a restart, runs a program
// the first start never ran (tac). A trace probe with ctx.restart() keeps it; without one the slim
// image dies on `docker restart` (the held-out check), and a verify probe with ctx.restart() finds the
// miss and repairs it.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { docker, removeTag } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';
import { buildTestImage } from './verify-images.js';

const tag = uniqueId();
const APP = `minify-test/verify-restart:${tag}`;
const ENTRY = `#!/bin/sh
if [ -f /var/lib/app/started ]; then
  tac /var/lib/app/started > /var/lib/app/restarted || exit 4
fi
echo "first start done" > /var/lib/app/started
exec perl /app/server.pl
`;

const sandbox = useSandbox({ tags: [APP, `${APP}-slim`, `${APP}-noprobe`] });
let home: string;
let restartProbe: string;

beforeAll(async () => {
  await buildTestImage(APP, sandbox.tmp, { '/app/entry.sh': ENTRY, '/var/lib/app/.keep': '' }, ['ENTRYPOINT ["/app/entry.sh"]', 'CMD []']);
  home = await sandbox.probe('home.ts', `export default async (ctx: any) => { await ctx.http.get('/', { expect: { status: 200, contains: 'ok' } }); };`);
  restartProbe = await sandbox.probe('restart.ts', `export default async (ctx: any) => {
    await ctx.restart();
    await ctx.http.get('/', { expect: { status: 200, contains: 'ok' } });
  };`);
}, 60_000);

/** Held out (no minify): runs the image, restarts it with the engine, and says whether it is still up and serving. */
async function survivesRestart(image: string): Promise<boolean> {
  const id = docker(['run', '-d', '--label', 'minify.test=restart', '-p', '127.0.0.1::8080', image]);
  try {
    await serving(id);
    docker(['restart', '-t', '2', id]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    if (docker(['inspect', '--format', '{{.State.Running}}', id]) !== 'true') return false;
    return await serving(id);
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

async function serving(id: string): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const port = docker(['port', id, '8080/tcp']).split('\n')[0]?.split(':').pop();
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      if ((await response.text()) === 'ok') return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('ctx.restart()', () => {
  it('the source survives a restart (the check can pass)', async () => {
    expect(await survivesRestart(APP)).toBe(true);
  }, 60_000);

  it('without a restart in the trace, the slim image dies on restart; a verify probe with ctx.restart() repairs it', async () => {
    const plain = await sandbox.spawn(['run', APP, '--probe', home, '--tag', `${APP}-noprobe`, '--quiet']);
    expect(plain.code, plain.stderr).toBe(ExitCode.ok);
    expect(await survivesRestart(`${APP}-noprobe`)).toBe(false);

    const repaired = await sandbox.spawn(['run', APP, '--probe', home, '--verify-probe', restartProbe, '--json']);
    expect(repaired.code, repaired.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(repaired.stdout) as { repairs: Array<{ round: number; added: Array<{ path: string; reason: string }> }> };
    expect(report.repairs.map((repair) => repair.round)).toEqual([1]);
    expect(report.repairs[0]?.added).toContainEqual({ path: '/usr/bin/tac', reason: 'repair round 1: missed while probe restart.ts ran' });
    expect(await survivesRestart(`${APP}-slim`)).toBe(true);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 300_000);

  it('a trace probe with ctx.restart() makes the slim image survive a restart', async () => {
    removeTag(`${APP}-slim`);
    const result = await sandbox.spawn(['run', APP, '--probe', restartProbe, '--report', `${sandbox.tmp}/restart-report.json`, '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(await readFile(`${sandbox.tmp}/restart-report.json`, 'utf8')) as { kept: Array<{ path: string; reason: string }>; repairs: unknown[] };
    expect(report.kept.find((kept) => kept.path === '/usr/bin/tac')?.reason).toMatch(/^traced/);
    expect(report.repairs).toEqual([]);
    expect(await survivesRestart(`${APP}-slim`)).toBe(true);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 180_000);
});
