// Runs the target image as a container (with the sensor injected, if asked), publishes its ports on
// the engine's host (127.0.0.1 for a local engine), waits until they answer, and collects the sensor's report.
import { readFile } from 'node:fs/promises';
import type { Disposer } from '../cleanup.js';
import { tarOneFile } from '../engine/archive-file.js';
import type { Engine } from '../engine/connect.js';
import {
  containerLogs, createContainer, inspectContainer, putArchive, removeContainer,
  startContainer, stopContainer, waitContainer, type ContainerRole,
} from '../engine/containers.js';
import { inspectImage } from '../engine/images.js';
import { ExitCode, MinifyError } from '../errors.js';
import type { TraceReport } from '../types.js';
import { containerCreateFields, effectiveRun, explainRefusal, explainUnknownUser, type ContainerOptions } from './container-options.js';
import { portAnswers } from './port-ready.js';
import { sensorEntrypoint, sensorReports } from './sensor-reports.js';

export type SensorMode = 'fanotify' | 'ptrace' | 'both';

export interface StartTargetOptions {
  readonly engine: Engine;
  readonly image: string;
  /** How messages name the image (default: `image`, which may be a bare id). */
  readonly name?: string;
  readonly runId: string;
  readonly disposer: Disposer;
  readonly sensor?: { readonly binaryPath: string; readonly mode: SensorMode };
  /** The container stops itself after maxRunTimeSec: the sensor's deadline (without a sensor, it runs in mode none). */
  readonly lifetime?: { readonly binaryPath: string; readonly maxRunTimeSec: number };
  readonly readyTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Container label minify.role; defaults to 'trace' with a sensor, 'verify' without. */
  readonly role?: ContainerRole;
  /** Stop timeout in seconds before the engine kills the app (default 10). */
  readonly stopTimeoutSec?: number;
  /** docker-run options for the app (env, network, mounts, cmd, user ...), the same for trace and verify. */
  readonly container?: ContainerOptions;
}

export interface Endpoint {
  /** 127.0.0.1, or the host of a remote engine (DOCKER_HOST, Docker context). */
  readonly host: string;
  readonly port: number;
}

export interface TargetSession {
  /** container port number → where it is published on the host */
  readonly endpoints: Map<number, Endpoint>;
  readonly containerId: string;
  waitReady(): Promise<void>;
  /** Everything the sensor saw so far (a SIGUSR1 snapshot, or the final report if the app has exited). */
  snapshotReport(): Promise<TraceReport>;
  stopAndCollect(): Promise<TraceReport | undefined>;
  /** For a job (not a service): waits until the app exits, at most timeoutMs, and returns its exit code. */
  waitExit(timeoutMs: number): Promise<number>;
  /**
   * Stops and starts the same container (same filesystem and volumes), as `docker restart` does; the
   * sensor starts again with the app and its report joins the earlier ones. Call waitReady after it.
   */
  restart(): Promise<void>;
  /** With a sensor: wraps a probe's in-container command so a second sensor (ptrace) traces it. */
  readonly wrapExec?: (argv: readonly string[]) => { argv: string[]; user: string };
  isRunning(): Promise<boolean>;
  /** `; last log lines:` and the container's last `tail` lines (default 20), or '' when it printed nothing. */
  lastLogsNote(tail?: number): Promise<string>;
  remove(): Promise<void>;
}

const CAPS: Record<SensorMode | 'none', string[]> = {
  none: [],
  fanotify: ['SYS_ADMIN'],
  ptrace: ['SYS_PTRACE'],
  both: ['SYS_ADMIN', 'SYS_PTRACE'],
};

export async function startTarget(opts: StartTargetOptions): Promise<TargetSession> {
  const { engine, sensor } = opts;
  const image = await inspectImage(engine, opts.image);
  const config = image.config;
  const run = effectiveRun(config, opts.container);
  const { argv: original, publish } = run;
  if (original.length === 0) {
    throw new MinifyError(`image ${opts.name ?? opts.image} has neither an Entrypoint nor a Cmd, so there is no app to run`, {
      code: ExitCode.usage,
      hint: 'minify traces the image as `docker run IMAGE` would start it; add a CMD to the image',
    });
  }
  // Without tracing, a deadline still needs the sensor binary as PID 1: in mode none it only supervises.
  const wrapper = sensor ?? (opts.lifetime ? { binaryPath: opts.lifetime.binaryPath, mode: 'none' as const } : undefined);
  const sensorBytes = wrapper ? await readSensor(wrapper.binaryPath) : undefined;
  const runAs = run.user || '0';

  const containerId = await createContainer(engine, {
    image: opts.image,
    runId: opts.runId,
    role: opts.role ?? (sensor ? 'trace' : 'verify'),
    publish,
    ...containerCreateFields(opts.container),
    ...(wrapper
      ? {
          entrypoint: sensorEntrypoint(wrapper.mode, runAs, original, opts.lifetime?.maxRunTimeSec),
          cmd: [],
          user: '0',
          capAdd: [...CAPS[wrapper.mode], ...(opts.container?.capAdd ?? [])],
        }
      : {}),
  }).catch((error: unknown) => { throw explainRefusal(error, opts.container); });
  const release = opts.disposer.add(`container ${containerId.slice(0, 12)}`, () => removeContainer(engine, containerId));
  const reports = sensorReports(engine, containerId, runAs);

  if (sensorBytes) {
    await putArchive(engine, containerId, tarOneFile('.minify/minify-sensor', sensorBytes, 0o755), '/');
  }
  await startContainer(engine, containerId).catch((error: unknown) => { throw explainRefusal(error, opts.container); });
  const endpoints = new Map<number, Endpoint>();
  // The engine may publish a port on another host port after a restart: the map is updated in place.
  const readEndpoints = async () => {
    const state = await inspectContainer(engine, containerId);
    endpoints.clear();
    for (const [port, hostPort] of state.ports) endpoints.set(Number.parseInt(port, 10), { host: engine.host.probeHost, port: hostPort });
  };
  await readEndpoints();
  const tcpPorts = publish.filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10));

  const lastLogsNote = async (tail = 20) => {
    const logs = (await containerLogs(engine, containerId, tail).catch(() => '')).trimEnd();
    return logs ? `; last log lines:\n${logs}` : '';
  };
  const exitedError = async (during: string) => {
    const st = await inspectContainer(engine, containerId);
    const note = await lastLogsNote();
    const userError = explainUnknownUser(st.exitCode, note, opts.container);
    if (userError) return userError;
    return new MinifyError(`${opts.name ?? opts.image} exited with code ${st.exitCode} ${during}${note}`, {
      code: ExitCode.appExited,
      hint: note.includes('exec format error')
        ? `this engine cannot run ${image.platform} programs; use a ${image.platform} engine or one with qemu binfmt emulation`
        : 'check the image runs on its own (docker run) and does not need the network',
    });
  };

  return {
    endpoints,
    containerId,
    // fanotify's filesystem-wide mark already sees `docker exec` processes; ptrace may not be allowed.
    ...(sensor && sensor.mode !== 'fanotify' ? { wrapExec: (argv: readonly string[]) => reports.wrapExec(argv) } : {}),
    async waitReady() {
      const timeoutMs = opts.readyTimeoutMs ?? 60_000;
      const deadline = Date.now() + timeoutMs;
      const pending = new Set(tcpPorts);
      for (;;) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        if (!(await inspectContainer(engine, containerId)).running) throw await exitedError('while waiting for it to be ready');
        for (const port of [...pending]) {
          const endpoint = endpoints.get(port);
          if (endpoint && (await portAnswers(endpoint.port, 300, endpoint.host))) pending.delete(port);
        }
        if (pending.size === 0) {
          if (tcpPorts.length > 0) return;
          // No ports to watch: ready once the app has survived a moment.
          await sleep(500);
          if (!(await inspectContainer(engine, containerId)).running) throw await exitedError('right after start');
          return;
        }
        if (Date.now() >= deadline) {
          throw notReadyError([...pending], endpoints, engine, timeoutMs);
        }
        await sleep(250);
      }
    },
    async snapshotReport() {
      if (!sensor) throw new Error('snapshotReport needs a sensor');
      if ((await inspectContainer(engine, containerId)).running) return reports.snapshot();
      // An app that died wrote its final report on the way out: that is the snapshot.
      const final = await reports.current();
      if (!final) throw new MinifyError(`the sensor left no report in the container${await lastLogsNote()}`, { code: ExitCode.sensorFailed });
      return final;
    },
    async restart() {
      await stopContainer(engine, containerId, opts.stopTimeoutSec ?? 10);
      if (sensor) await reports.keepFinal();
      await startContainer(engine, containerId);
      await readEndpoints();
    },
    async stopAndCollect() {
      await stopContainer(engine, containerId, opts.stopTimeoutSec ?? 10);
      return sensor ? reports.collectFinal(lastLogsNote) : undefined;
    },
    async waitExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      try {
        return await Promise.race([
          waitContainer(engine, containerId),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new MinifyError(`${opts.name ?? opts.image} did not exit within ${Math.round(timeoutMs / 1000)}s`, {
              code: ExitCode.notReady,
              hint: 'raise --job-timeout, or drop --job if the image runs a service',
            })), timeoutMs);
            onAbort = () => reject(opts.signal?.reason);
            opts.signal?.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
      } finally {
        clearTimeout(timer);
        if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    async isRunning() {
      return (await inspectContainer(engine, containerId)).running;
    },
    lastLogsNote,
    remove: () => release(),
  };
}

/** A remote engine's ports may be closed to this machine: the message names the host, not the app. */
export function notReadyError(pending: readonly number[], endpoints: ReadonlyMap<number, Endpoint>, engine: Engine, timeoutMs: number): MinifyError {
  const after = `within ${Math.round(timeoutMs / 1000)}s`;
  if (!engine.host.remote) {
    return new MinifyError(`port ${pending.join(', ')} did not open ${after}`, {
      code: ExitCode.notReady,
      hint: 'raise --ready-timeout, or check the app listens on 0.0.0.0 (not 127.0.0.1) inside the container',
    });
  }
  const host = engine.host.probeHost;
  const where = pending.map((port) => `${host}:${endpoints.get(port)?.port ?? '?'} (container port ${port})`).join(', ');
  return new MinifyError(`${where} did not answer ${after}; the engine (${engine.host.address}, ${engine.host.via}) publishes the ports on ${host}`, {
    code: ExitCode.notReady,
    hint: `check that this machine can reach ${host}'s published ports (a firewall, or a tunnel that forwards only the engine's socket), then that the app listens on 0.0.0.0 inside the container; or raise --ready-timeout`,
  });
}

async function readSensor(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new MinifyError(`cannot read the sensor binary ${path}`, {
      code: ExitCode.sensorFailed, hint: 'build it with `make sensor`, or set MINIFY_SENSOR', cause: error,
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
