// Container operations: create (labelled), archives in/out, start/kill/stop/wait, logs, ports, remove, exec.
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { messageOf, statusOf, type Engine } from './connect.js';
import { currentOwner, ownerLabels, ROLE_LABEL, RUN_LABEL } from './owner.js';

export type ContainerRole = 'trace' | 'verify' | 'test' | 'lock' | 'scan' | 'copy';

export interface CreateContainerOptions {
  readonly image: string;
  readonly runId: string;
  readonly role: ContainerRole;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly user?: string;
  readonly env?: readonly string[];
  readonly capAdd?: readonly string[];
  readonly securityOpt?: readonly string[];
  /** Container ports ("3000/tcp") to publish with a random host port (on 127.0.0.1, or all interfaces of a remote engine). */
  readonly publish?: readonly string[];
  /** A unique name: the engine refuses a second container of that name (409), which makes it a lock. */
  readonly name?: string;
  /** More labels, next to the owner's. */
  readonly labels?: Readonly<Record<string, string>>;
  /** A network to join instead of the default bridge (`docker run --network`). */
  readonly network?: string;
  readonly mounts?: ReadonlyArray<{ readonly type: 'bind' | 'volume'; readonly source?: string; readonly target: string; readonly readOnly: boolean }>;
  readonly workdir?: string;
  /** Paths to mount an empty tmpfs at (one over an image VOLUME takes the place of its volume). */
  readonly tmpfs?: readonly string[];
  /** `none`: the engine keeps no log of the output (a copy container's stdout is a tar, too big and binary for a log). */
  readonly logDriver?: 'none';
}

export async function createContainer(engine: Engine, options: CreateContainerOptions): Promise<string> {
  const portBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  const exposed: Record<string, object> = {};
  for (const port of options.publish ?? []) {
    portBindings[port] = [{ HostIp: engine.host.publishIp, HostPort: '' }];
    exposed[port] = {};
  }
  const container = await engine.docker.createContainer({
    ...(options.name ? { name: options.name } : {}),
    Image: options.image,
    Labels: { ...options.labels, ...ownerLabels(currentOwner(options.runId)), [ROLE_LABEL]: options.role },
    ...(options.entrypoint ? { Entrypoint: [...options.entrypoint] } : {}),
    ...(options.cmd ? { Cmd: [...options.cmd] } : {}),
    ...(options.user !== undefined ? { User: options.user } : {}),
    ...(options.env ? { Env: [...options.env] } : {}),
    ...(options.workdir ? { WorkingDir: options.workdir } : {}),
    ExposedPorts: exposed,
    HostConfig: {
      PortBindings: portBindings,
      CapAdd: [...(options.capAdd ?? [])],
      SecurityOpt: [...(options.securityOpt ?? [])],
      ...(options.network ? { NetworkMode: options.network } : {}),
      ...(options.tmpfs?.length ? { Tmpfs: Object.fromEntries(options.tmpfs.map((path) => [path, ''])) } : {}),
      ...(options.logDriver ? { LogConfig: { Type: options.logDriver, Config: {} } } : {}),
      ...(options.mounts?.length
        ? { Mounts: options.mounts.map((m) => ({ Type: m.type, Target: m.target, ReadOnly: m.readOnly, Source: m.source ?? '' })) }
        : {}),
    },
  });
  return container.id;
}

function handle(engine: Engine, id: string): Docker.Container {
  return engine.docker.getContainer(id);
}

/** Extracts a tar stream into the container at `path` (a directory). */
export async function putArchive(engine: Engine, id: string, tar: Readable | Buffer, path = '/'): Promise<void> {
  await handle(engine, id).putArchive(tar as never, { path });
}

/** A tar stream of `path` inside the container (undefined if it does not exist). */
export async function getArchive(engine: Engine, id: string, path: string): Promise<Readable | undefined> {
  try {
    return (await handle(engine, id).getArchive({ path })) as unknown as Readable;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

export async function startContainer(engine: Engine, id: string): Promise<void> {
  await handle(engine, id).start();
}

/** Sends a signal; a container that is not running is not an error. */
export async function killContainer(engine: Engine, id: string, signal = 'SIGKILL'): Promise<void> {
  try {
    await handle(engine, id).kill({ signal });
  } catch (error) {
    if (statusOf(error) === 409 || statusOf(error) === 404 || statusOf(error) === 304) return;
    throw error;
  }
}

/** `docker stop -t`: the image's StopSignal, then SIGKILL after timeoutSec. */
export async function stopContainer(engine: Engine, id: string, timeoutSec = 10): Promise<void> {
  try {
    await handle(engine, id).stop({ t: timeoutSec });
  } catch (error) {
    if (statusOf(error) === 304 || statusOf(error) === 404) return;
    throw error;
  }
}

export async function waitContainer(engine: Engine, id: string): Promise<number> {
  const result = (await handle(engine, id).wait()) as { StatusCode: number };
  return result.StatusCode;
}

export interface ContainerState {
  readonly running: boolean;
  readonly exitCode: number;
  /** container port ("3000/tcp") → host port on the engine's host */
  readonly ports: Map<string, number>;
  readonly stopSignal?: string;
}

export async function inspectContainer(engine: Engine, id: string): Promise<ContainerState> {
  const info = await handle(engine, id).inspect();
  const ports = new Map<string, number>();
  for (const [port, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
    const hostPort = bindings?.find((b) => b.HostIp === '127.0.0.1' || b.HostIp === '0.0.0.0')?.HostPort;
    if (hostPort) ports.set(port, Number(hostPort));
  }
  const stopSignal = (info.Config as { StopSignal?: string }).StopSignal;
  return { running: info.State.Running, exitCode: info.State.ExitCode, ports, ...(stopSignal ? { stopSignal } : {}) };
}

/** stdout+stderr of the container, demultiplexed, as text (last `tail` lines if given). */
export async function containerLogs(engine: Engine, id: string, tail?: number): Promise<string> {
  const raw = (await handle(engine, id).logs({
    stdout: true, stderr: true, follow: false, ...(tail ? { tail } : {}),
  })) as unknown as Buffer;
  return demuxBuffer(raw);
}

/** Decodes Docker's multiplexed stream framing (8-byte headers) held in one buffer. */
export function demuxBuffer(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const kind = raw[offset];
    if (kind !== 0 && kind !== 1 && kind !== 2) return raw.toString('utf8');
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * overlay2 failing to delete a just-killed container's root filesystem ("unlinkat ...: directory not
 * empty", "device or resource busy"; moby/moby#30392) is a race with the container's last writes; seen
 * once in CI on a SIGTERM during plan. Removing again a moment later succeeds.
 */
export function isTransientRemoveError(error: unknown): boolean {
  return statusOf(error) === 500 && /failed to remove root filesystem/.test(messageOf(error));
}

const REMOVE_RETRY_MS = [250, 500, 1000, 2000];

/** Removes a container with its anonymous volumes; already gone is not an error. */
export async function removeContainer(engine: Engine, id: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await handle(engine, id).remove({ force: true, v: true });
      return;
    } catch (error) {
      if (statusOf(error) === 404) return;
      if (statusOf(error) === 409 && /already in progress/.test(messageOf(error))) return;
      const wait = REMOVE_RETRY_MS[attempt];
      if (wait === undefined || !isTransientRemoveError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export interface LabelledContainer {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: string;
}

/** Every container with label `label` (a key, or key=value), with its labels. */
export async function listLabelled(engine: Engine, label: string): Promise<LabelledContainer[]> {
  const list = await engine.docker.listContainers({ all: true, filters: { label: [label] } });
  return list.map((info) => ({ id: info.Id, labels: info.Labels ?? {}, state: info.State }));
}

/** The labels of the container named `name`, or undefined when there is none. */
export async function labelsOfNamed(engine: Engine, name: string): Promise<Record<string, string> | undefined> {
  try {
    return (await handle(engine, name).inspect()).Config.Labels ?? {};
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** Removes every container labelled `minify.run=<runId>` (the cleanup sweep); returns how many. */
export async function removeLabelled(engine: Engine, runId: string): Promise<number> {
  const list = await engine.docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  for (const info of list) await removeContainer(engine, info.Id);
  return list.length;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs argv inside a running container (no shell), bounded by timeoutMs. */
export async function execInContainer(
  engine: Engine,
  id: string,
  argv: readonly string[],
  options: { timeoutMs?: number; user?: string } = {},
): Promise<ExecResult> {
  const exec = await handle(engine, id).exec({
    Cmd: [...argv], AttachStdout: true, AttachStderr: true, ...(options.user ? { User: options.user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  engine.docker.modem.demuxStream(stream, stdout, stderr);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`exec ${argv.join(' ')} did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
