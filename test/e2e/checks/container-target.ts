// Runs a held-out check against an image the way a user runs it (plain `docker run`, no minify):
// publishes the check's port on 127.0.0.1, waits for a real answer, restarts on request, and
// always removes the container, keeping its last log lines for the test output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CheckStep, CheckTarget, HeldOutCheck } from './check-types.js';

const run = promisify(execFile);
const docker = async (args: readonly string[]) => (await run('/usr/bin/docker', args, { maxBuffer: 16 << 20 })).stdout.trim();

export const HELDOUT_LABEL = 'minify.test=heldout';
const READY_MS = 60_000;

export interface CheckOutcome {
  readonly image: string;
  readonly steps: readonly CheckStep[];
  readonly failed: readonly CheckStep[];
  /** The container's log (stdout and stderr), kept only when a step failed. */
  readonly logs: string;
}

export async function runCheckOn(check: HeldOutCheck, image: string): Promise<CheckOutcome> {
  const id = await docker(['run', '-d', '--label', HELDOUT_LABEL, '-p', `127.0.0.1::${check.port}`, image]);
  const ports = new Map<number, number>();
  const readPort = async (containerPort: number) => {
    const line = (await docker(['port', id, `${containerPort}/tcp`])).split('\n')[0] ?? '';
    ports.set(containerPort, Number(line.split(':').pop()));
  };
  const target: CheckTarget = {
    hostPort(containerPort) {
      const port = ports.get(containerPort);
      if (!port) throw new Error(`container port ${containerPort} is not published`);
      return port;
    },
    url(containerPort, path = '/') {
      return `http://127.0.0.1:${this.hostPort(containerPort)}${path}`;
    },
    async restart() {
      await docker(['restart', '--time', '10', id]);
      await readPort(check.port);
      await check.ready(target, AbortSignal.timeout(READY_MS));
    },
  };
  try {
    let steps: readonly CheckStep[];
    try {
      await readPort(check.port);
      await check.ready(target, AbortSignal.timeout(READY_MS));
      steps = await check.run(target);
    } catch (error) {
      steps = [{ name: 'the service starts and answers', ok: false, detail: error instanceof Error ? error.message : String(error) }];
    }
    const failed = steps.filter((s) => !s.ok);
    const logs = failed.length > 0 ? await containerLogs(id) : '';
    return { image, steps, failed, logs };
  } finally {
    await docker(['rm', '-f', '-v', id]).catch(() => undefined);
  }
}

async function containerLogs(id: string): Promise<string> {
  const { stdout, stderr } = await run('/usr/bin/docker', ['logs', '--tail', '2000', id], { maxBuffer: 16 << 20 }).catch(() => ({ stdout: '', stderr: '' }));
  return `${stdout}${stderr}`.trim();
}

/** One line per failed step, then the distinct error lines of the container's log: what a slim image lacked. */
export function describeOutcome(outcome: CheckOutcome): string {
  const lines = outcome.failed.map((s) => `  FAIL ${s.name}: ${s.detail ?? ''}`);
  const errors = [...new Set(outcome.logs.split('\n').map((l) => l.trim()).filter((l) => ERROR_LINE.test(l)).map((l) => l.replace(LOG_PREFIX, '')))];
  return [`${outcome.image}: ${outcome.steps.length - outcome.failed.length}/${outcome.steps.length} steps passed`, ...lines,
    ...(errors.length > 0 ? ['  distinct errors in the container log:', ...errors.slice(0, 40).map((l) => `    ${l}`)] : [])].join('\n');
}

const ERROR_LINE = /error|fatal|no such file|cannot find|not ?found|denied/i;
/** Timestamps and pids that make equal errors look different. */
const LOG_PREFIX = /^(\d{4}-\d\d-\d\d[ T][\d:.]+ \w+ \[\d+\] |\[[^\]]+\] )/;
