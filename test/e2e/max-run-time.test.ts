// --max-run-time: when minify is killed (kill -9) while a trace or verify container runs, the container
// stops by itself at the deadline (its sensor kills the app) instead of running on for good with
// SYS_ADMIN/SYS_PTRACE and a published port; `minify gc` then removes what the dead run left.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { createSandbox, docker, imageId, removeTag, type Sandbox } from './run-harness.js';

const SOURCE = 'minify-fixture/static-web:1.0';
const TAG = `minify-test/static-web-fault-maxrun:${randomUUID().slice(0, 8)}`;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox();
});

afterAll(async () => {
  removeTag(TAG);
  await sandbox.dispose();
});

/** The container of `role` that the minify with `pid` made: its state and how long it ran. */
function containerOf(pid: number, role: string): { id: string; running: boolean; exitCode: number; ranSeconds: number } | undefined {
  const id = docker(['ps', '-aq', '--filter', `label=minify.pid=${pid}`, '--filter', `label=minify.role=${role}`]).split('\n')[0];
  if (!id) return undefined;
  const [running, exitCode, started, finished] = docker(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.StartedAt}} {{.State.FinishedAt}}', id]).split(' ');
  return { id, running: running === 'true', exitCode: Number(exitCode), ranSeconds: (Date.parse(finished ?? '') - Date.parse(started ?? '')) / 1000 };
}

async function stopsByItself(pid: number, role: string, withinMs: number): Promise<NonNullable<ReturnType<typeof containerOf>>> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const state = containerOf(pid, role);
    if (!state) throw new Error(`no ${role} container of pid ${pid}`);
    if (!state.running || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Kills minify with SIGKILL once its stderr shows `line`; returns its pid. */
async function killedWhen(args: readonly string[], line: string): Promise<number> {
  let pid = 0;
  const result = await sandbox.spawn(args, (stderr: string, child: ChildProcess) => {
    if (stderr.includes(line) && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, {}, (child) => (pid = child.pid ?? 0));
  expect(result.signal, result.stderr).toBe('SIGKILL');
  return pid;
}

describe('--max-run-time', () => {
  it('a traced container whose minify was killed -9 stops by itself at the deadline; gc removes it', async () => {
    const slow = await sandbox.probe('slow.ts', "export default async (ctx: any) => { ctx.log('maxrun: traced, waiting'); await new Promise((resolve) => setTimeout(resolve, 120_000)); };\n");
    const pid = await killedWhen(['run', SOURCE, '--probe', slow, '--tag', TAG, '--max-run-time', '5s'], 'maxrun: traced, waiting');
    expect(containerOf(pid, 'trace')?.running, 'the trace container outlives its minify for now').toBe(true);
    const stopped = await stopsByItself(pid, 'trace', 30_000);
    expect(stopped.running, 'still running 30 s after minify died').toBe(false);
    expect(stopped.exitCode).toBe(124);
    expect(stopped.ranSeconds).toBeGreaterThanOrEqual(4.5);
    expect(stopped.ranSeconds).toBeLessThan(15);
    // The sensor says why on the container's stderr.
    expect(spawnSync('/usr/bin/docker', ['logs', stopped.id]).stderr.toString()).toMatch(/deadline of 5 s reached \(minify --max-run-time\)/);

    const gc = await sandbox.spawn(['gc', '--json']);
    expect(gc.code, gc.stderr).toBe(ExitCode.ok);
    expect((JSON.parse(gc.stdout) as { runs: string[] }).runs.length).toBeGreaterThanOrEqual(1);
    expect(await sandbox.leftoversOf(new Set([pid]))).toEqual({ containers: [], tempDirs: [] });
  }, 180_000);

  it('a slim image verified without the sensor stops by itself too (the sensor runs it in mode none)', async () => {
    const slow = await sandbox.probe('slow-verify.ts', "export default async (ctx: any) => { ctx.log('maxrun: verifying, waiting'); await new Promise((resolve) => setTimeout(resolve, 120_000)); };\n");
    const args = ['run', SOURCE, '--probe', 'probes/static-web-root.ts', '--verify-probe', slow, '--no-verify-sensor', '--grace-period', '0', '--tag', TAG, '--max-run-time', '20s'];
    const pid = await killedWhen(args, 'maxrun: verifying, waiting');
    const verify = containerOf(pid, 'verify');
    expect(verify?.running, 'the verify container outlives its minify for now').toBe(true);
    expect(docker(['inspect', '--format', '{{json .Config.Entrypoint}}', verify?.id ?? ''])).toContain('"--mode","none"');
    const stopped = await stopsByItself(pid, 'verify', 40_000);
    expect(stopped.running, 'still running 40 s after minify died').toBe(false);
    expect(stopped.exitCode).toBe(124);

    const gc = await sandbox.spawn(['gc']);
    expect(gc.code, gc.stderr).toBe(ExitCode.ok);
    expect(await sandbox.leftoversOf(new Set([pid]))).toEqual({ containers: [], tempDirs: [] });
    // The dead run had moved the tag onto its unverified image; with nothing before it, the tag goes.
    expect(imageId(TAG)).toBeUndefined();
  }, 240_000);
});
