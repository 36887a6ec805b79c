// Black-box harness for sensor e2e tests: runs build/minify-sensor as a container entrypoint via /usr/bin/docker.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { parseTraceReport, reportSequence } from '../../src/trace/parse.js';
import type { TraceEvent, TraceReport } from '../../src/types.js';

export const DOCKER = '/usr/bin/docker';
export const SENSOR_BINARY = join(import.meta.dirname, '..', '..', 'build', 'minify-sensor');
const REPORT = '/.minify/report.jsonl';

export interface SensorOptions {
  readonly image: string;
  readonly mode: 'fanotify' | 'ptrace' | 'both';
  /** Capabilities to add, e.g. ['SYS_ADMIN', 'SYS_PTRACE']. */
  readonly caps: readonly string[];
  /** The image's user for the app (passed as --user to the sensor). */
  readonly user?: string;
  readonly cmd: readonly string[];
  /** Container ports to publish on 127.0.0.1 (random host port). */
  readonly publish?: readonly number[];
}

export interface SensorContainer {
  readonly id: string;
  /** SIGUSR1, then waits for the new snapshot and parses it. */
  snapshot(): Promise<TraceReport>;
  /** Waits (at most 60 s) for the container to exit; returns its exit code. */
  wait(): Promise<number>;
  /** The final (or latest) report, read from the container (also after it exited). */
  report(): Promise<TraceReport>;
  reportText(): Promise<string>;
  hostPort(containerPort: number): Promise<number>;
  logs(): Promise<string>;
  kill(signal: string): Promise<void>;
  remove(): Promise<void>;
}

export function requireSensorBinary(): void {
  if (!existsSync(SENSOR_BINARY)) throw new Error(`${SENSOR_BINARY} is missing: run \`make sensor\` first`);
}

async function docker(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const result = await execa(DOCKER, args, { reject: false, timeout: timeoutMs });
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Creates, fills and starts a sensor container; the caller must `remove()` it (in finally). */
export async function startSensor(opts: SensorOptions): Promise<SensorContainer> {
  requireSensorBinary();
  const work = await mkdtemp(join(tmpdir(), 'minify-sensor-test-'));
  let id = '';
  const remove = async () => {
    if (id) await execa(DOCKER, ['rm', '-f', '-v', id], { reject: false });
    await rm(work, { recursive: true, force: true });
  };
  try {
    await mkdir(join(work, '.minify'));
    await copyFile(SENSOR_BINARY, join(work, '.minify', 'minify-sensor'));
    const runId = `test-sensor-${randomBytes(4).toString('hex')}`;
    const args = ['create', '--label', `minify.run=${runId}`, '--user', '0:0', '--entrypoint', '/.minify/minify-sensor'];
    for (const cap of opts.caps) args.push('--cap-add', cap);
    for (const port of opts.publish ?? []) args.push('-p', `127.0.0.1::${port}`);
    args.push(opts.image, '--mode', opts.mode, '--report', REPORT);
    if (opts.user) args.push('--user', opts.user);
    args.push('--', ...opts.cmd);
    id = (await docker(args)).trim();
    await docker(['cp', join(work, '.minify'), `${id}:/`]);
    await docker(['start', id]);
  } catch (error) {
    await remove();
    throw error;
  }

  let fetchCount = 0;
  const reportText = async () => {
    const dest = join(work, `report-${fetchCount++}.jsonl`);
    const result = await execa(DOCKER, ['cp', `${id}:${REPORT}`, dest], { reject: false });
    return result.exitCode === 0 ? readFile(dest, 'utf8') : '';
  };
  return {
    id,
    reportText,
    async snapshot() {
      const before = reportSequence(await reportText()) ?? 0;
      await docker(['kill', '-s', 'USR1', id]);
      for (let i = 0; i < 100; i++) {
        const text = await reportText();
        if ((reportSequence(text) ?? 0) > before) return parseTraceReport(text);
        await sleep(100);
      }
      throw new Error('no new snapshot within 10 s of SIGUSR1');
    },
    async wait() {
      return Number((await docker(['wait', id])).trim());
    },
    async report() {
      return parseTraceReport(await reportText());
    },
    async hostPort(containerPort) {
      const out = await docker(['port', id, `${containerPort}/tcp`]);
      const match = /127\.0\.0\.1:(\d+)/.exec(out);
      if (!match?.[1]) throw new Error(`port ${containerPort} not published on 127.0.0.1: ${out}`);
      return Number(match[1]);
    },
    async logs() {
      const result = await execa(DOCKER, ['logs', id], { reject: false });
      return `${result.stdout}\n${result.stderr}`;
    },
    async kill(signal) {
      await docker(['kill', '-s', signal, id]);
    },
    remove,
  };
}

/** Runs a command to completion under the sensor; returns exit code, final report and logs. */
export async function traceCommand(opts: SensorOptions): Promise<{ code: number; report: TraceReport; logs: string }> {
  const container = await startSensor(opts);
  try {
    const code = await container.wait();
    return { code, report: await container.report(), logs: await container.logs() };
  } finally {
    await container.remove();
  }
}

/** GET over a fresh connection (no keep-alive: Node 18 servers wait for idle sockets on close). */
export function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

export function eventsFor(report: TraceReport, path: string): TraceEvent[] {
  return report.events.filter((e) => e.path === path);
}

export function hasEvent(report: TraceReport, match: Partial<TraceEvent>): boolean {
  return report.events.some((e) => Object.entries(match).every(([k, v]) => e[k as keyof TraceEvent] === v));
}
