// --max-run-time: when minify is killed (kill -9) while a trace or verify container runs, the container
// stops by itself at the deadline (its sensor kills the app) instead of running on for good with
// SYS_ADMIN/SYS_PTRACE and a published port; `minify gc` then removes what the dead run left.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { docker, imageId } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const SOURCE = 'minify-fixture/static-web:1.0';
const TAG = `minify-test/static-web-fault-maxrun:${uniqueId()}`;
const sandbox = useSandbox({ tags: [TAG] });

/** The container of `role` that the minify with `pid` made, if it still exists. */
function containerOf(pid: number, role: string): { id: string; running: boolean } | undefined {
  const id = docker(['ps', '-aq', '--no-trunc', '--filter', `label=minify.pid=${pid}`, '--filter', `label=minify.role=${role}`]).split('\n')[0];
  if (!id) return undefined;
  return { id, running: docker(['inspect', '--format', '{{.State.Running}}', id]) === 'true' };
}

/**
 * Waits for the container to die and says how: read from the engine's events, which outlive the
 * container. `swept`: someone removed it first (a kill event before the die: another run on this
 * host sweeping a dead run's container), so this attempt proves nothing either way.
 */
async function death(id: string, since: number, withinMs: number): Promise<{ exitCode: number; ranSeconds: number; swept: boolean } | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const rows = docker(['events', '--since', String(Math.floor(since / 1000)), '--until', String(Math.ceil(Date.now() / 1000)), '--filter', `container=${id}`,
      '--format', '{{.Action}} {{.TimeNano}} {{index .Actor.Attributes "exitCode"}}']).split('\n');
    const started = rows.find((row) => row.startsWith('start '))?.split(' ');
    const died = rows.find((row) => row.startsWith('die '))?.split(' ');
    if (started && died) return { exitCode: Number(died[2]), ranSeconds: (Number(died[1]) - Number(started[1])) / 1e9, swept: rows.some((row) => row.startsWith('kill ')) };
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Runs minify, kills it with SIGKILL `delayMs` after its stderr shows `line`, and follows its `role` container
 * until it dies (at most `withinMs`); tries again when another run swept the container first.
 */
async function deadRunContainer(args: readonly string[], line: string, role: string, withinMs: number, delayMs = 0) {
  for (let attempt = 1; ; attempt++) {
    const since = Date.now();
    let pid = 0;
    let armed = false;
    const result = await sandbox.spawn(args, (stderr: string, child: ChildProcess) => {
      if (armed || !stderr.includes(line)) return;
      armed = true;
      // Killed once its container runs: a fixed delay after the line misses a short-lived (scan) container on a fast machine.
      const killWhenRunning = (tries: number) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (tries > 0 && !containerOf(child.pid ?? 0, role)?.running) return void setTimeout(() => killWhenRunning(tries - 1), 50);
        child.kill('SIGKILL');
      };
      setTimeout(() => killWhenRunning(400), delayMs);
    }, {}, (child) => (pid = child.pid ?? 0));
    expect(result.signal, result.stderr).toBe('SIGKILL');
    const container = containerOf(pid, role);
    expect(container?.running, `the ${role} container outlives its minify for now`).toBe(true);
    const entrypoint = docker(['inspect', '--format', '{{json .Config.Entrypoint}}', container?.id ?? '']);
    const died = await death(container?.id ?? '', since, withinMs);
    if (died?.swept && attempt < 3) continue;
    expect(died, `still running ${withinMs / 1000} s after minify died`).toBeDefined();
    expect(died?.swept, 'removed by another run before its deadline').toBe(false);
    return { pid, id: container?.id ?? '', entrypoint, ...(died as NonNullable<typeof died>) };
  }
}

describe('--max-run-time', () => {
  it('a traced container whose minify was killed -9 stops by itself at the deadline; gc removes it', async () => {
    const slow = await sandbox.probe('slow.ts', "export default async (ctx: any) => { ctx.log('maxrun: traced, waiting'); await new Promise((resolve) => setTimeout(resolve, 120_000)); };\n");
    const trace = await deadRunContainer(['run', SOURCE, '--probe', slow, '--tag', TAG, '--max-run-time', '5s'], 'maxrun: traced, waiting', 'trace', 30_000);
    expect(trace.exitCode).toBe(124);
    expect(trace.ranSeconds).toBeGreaterThanOrEqual(4.5);
    expect(trace.ranSeconds).toBeLessThan(15);
    // The sensor says why on the container's stderr (unless another run on this host swept it already).
    const logs = spawnSync('/usr/bin/docker', ['logs', trace.id]);
    if (logs.status === 0) expect(logs.stderr.toString()).toMatch(/deadline of 5 s reached \(minify --max-run-time\)/);

    const gc = await sandbox.spawn(['gc', '--json']);
    expect(gc.code, gc.stderr).toBe(ExitCode.ok);
    expect(await sandbox.leftoversOf(sandbox.pids)).toEqual({ containers: [], tempDirs: [] });
  }, 300_000);

  it('the idling scan container of a read image whose minify was killed -9 stops by itself too', async () => {
    const scan = await deadRunContainer(['run', SOURCE, '--probe', 'probes/static-web-root.ts', '--tag', TAG, '--max-run-time', '5s'], 'minify: read image...', 'scan', 30_000);
    expect(scan.entrypoint).toContain('"--deadline","5","--idle"');
    expect(scan.exitCode).toBe(124);
    const gc = await sandbox.spawn(['gc']);
    expect(gc.code, gc.stderr).toBe(ExitCode.ok);
    expect(await sandbox.leftoversOf(sandbox.pids)).toEqual({ containers: [], tempDirs: [] });
  }, 300_000);

  it('a slim image verified without the sensor stops by itself too (the sensor runs it in mode none)', async () => {
    const slow = await sandbox.probe('slow-verify.ts', "export default async (ctx: any) => { ctx.log('maxrun: verifying, waiting'); await new Promise((resolve) => setTimeout(resolve, 120_000)); };\n");
    const args = ['run', SOURCE, '--probe', 'probes/static-web-root.ts', '--verify-probe', slow, '--no-verify-sensor', '--grace-period', '0', '--tag', TAG, '--max-run-time', '20s'];
    const verify = await deadRunContainer(args, 'maxrun: verifying, waiting', 'verify', 40_000);
    expect(verify.entrypoint).toContain('"--mode","none"');
    expect(verify.exitCode).toBe(124);

    const gc = await sandbox.spawn(['gc']);
    expect(gc.code, gc.stderr).toBe(ExitCode.ok);
    expect(await sandbox.leftoversOf(sandbox.pids)).toEqual({ containers: [], tempDirs: [] });
    // The dead run had moved the tag onto its unverified image; with nothing before it, the tag goes.
    expect(imageId(TAG)).toBeUndefined();
  }, 400_000);
});
