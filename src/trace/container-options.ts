// How the traced (and verified) container runs, spelled as `docker run` spells it: env, network,
// mounts, command, user, workdir, extra caps and ports; and how that combines with the image's config.
import { messageOf, statusOf } from '../engine/connect.js';
import type { CreateContainerOptions } from '../engine/containers.js';
import { UsageError } from '../errors.js';
import type { ContainerConfig } from '../types.js';

type CreateContainerFields = Partial<Pick<CreateContainerOptions, 'entrypoint' | 'cmd' | 'user' | 'env' | 'capAdd' | 'network' | 'mounts' | 'workdir'>>;

export interface MountSpec {
  readonly type: 'bind' | 'volume';
  /** Host path (bind, absolute) or volume name (volume; absent for an anonymous volume). */
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface ContainerOptions {
  /** `KEY=VALUE`, on top of the image's Env (a key given again wins, as with `docker run -e`). */
  readonly env?: readonly string[];
  readonly network?: string;
  readonly mounts?: readonly MountSpec[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly user?: string;
  readonly workdir?: string;
  /** Capabilities for the app, added to what the sensor needs. */
  readonly capAdd?: readonly string[];
  /** Container ports ("8080/tcp") to publish and wait for, besides the image's ExposedPorts. */
  readonly publish?: readonly string[];
}

/** The container options of a run, and whether the slim image bakes them in (`--bake-config`). */
export interface ContainerRunOptions {
  readonly options: ContainerOptions;
  /** Bake --cmd/--entrypoint/--env into the slim image's config (default: keep the source's). */
  readonly bake: boolean;
}

/** What the container runs as, after the options are laid over the image's config. */
export interface EffectiveRun {
  /** Entrypoint + Cmd as `docker run` would run them. */
  readonly argv: readonly string[];
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly user: string;
  /** Ports to publish on 127.0.0.1 ("80/tcp"), the image's and --publish's, once each. */
  readonly publish: readonly string[];
}

/** Docker's rule: a new entrypoint drops the image's Cmd; a new cmd keeps the image's entrypoint. */
export function effectiveRun(config: ContainerConfig, options: ContainerOptions = {}): EffectiveRun {
  const entrypoint = options.entrypoint ?? config.Entrypoint ?? [];
  const cmd = options.cmd ?? (options.entrypoint ? [] : config.Cmd ?? []);
  const publish = [...new Set([...Object.keys(config.ExposedPorts ?? {}), ...(options.publish ?? [])])];
  return { argv: [...entrypoint, ...cmd], entrypoint, cmd, user: options.user ?? config.User ?? '', publish };
}

/** The createContainer fields for the options (without a sensor; the sensor replaces entrypoint and user). */
export function containerCreateFields(options: ContainerOptions = {}): CreateContainerFields {
  return {
    ...(options.entrypoint ? { entrypoint: options.entrypoint, cmd: options.cmd ?? [] } : options.cmd ? { cmd: options.cmd } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.env?.length ? { env: options.env } : {}),
    ...(options.capAdd?.length ? { capAdd: options.capAdd } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.mounts?.length ? { mounts: options.mounts } : {}),
    ...(options.workdir ? { workdir: options.workdir } : {}),
  };
}

/**
 * The engine's 400/404 on create or start, when options were given, is about them (an unknown
 * network, a missing bind source): a usage error in the engine's words, not a crash.
 */
export function explainRefusal(error: unknown, options: ContainerOptions | undefined): unknown {
  const status = statusOf(error);
  if (!options || Object.keys(options).length === 0 || (status !== 400 && status !== 404)) return error;
  const words = messageOf(error).replace(/^\(HTTP code \d+\)\s*/, '').replace(/^[^-]*-\s*/, '').trim();
  return new UsageError(`the engine refused the container options: ${words}`, 'check --network, -v/--mount, --user and --cap-add name things that exist on the engine\'s host');
}

/** The sensor's setup failure (exit 125) for a `--user` the image does not list: the flag's error, not the app's exit. */
export function explainUnknownUser(exitCode: number | undefined, logs: string, options: ContainerOptions | undefined): UsageError | undefined {
  const found = /minify-sensor: unknown (user|group) '([^']*)' \(not in (\/etc\/(?:passwd|group))\)/.exec(logs);
  if (exitCode !== 125 || !found || options?.user === undefined) return undefined;
  return new UsageError(`--user ${options.user}: the image's ${found[3]} has no ${found[1]} '${found[2]}'`, `name a ${found[1]} the image's ${found[3]} lists, or give numeric ids (--user 1000:1000)`);
}

/** `8080`, `8080/tcp`, `53/udp` → `8080/tcp`; anything else is not a container port. */
export function parsePublish(value: string): string | undefined {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(value.trim());
  if (!match) return undefined;
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return undefined;
  return `${port}/${match[2] ?? 'tcp'}`;
}

/** `docker run -v`: `SRC:DST[:ro|rw]` (SRC a path → bind, a name → volume) or `DST` (anonymous volume). */
export function parseVolumeFlag(value: string, resolvePath: (path: string) => string): MountSpec | undefined {
  const parts = value.split(':');
  if (parts.length === 1) return parts[0]?.startsWith('/') ? { type: 'volume', target: parts[0], readOnly: false } : undefined;
  if (parts.length > 3) return undefined;
  const [source = '', target = '', mode = 'rw'] = parts;
  if (!source || !target.startsWith('/') || !['ro', 'rw'].includes(mode)) return undefined;
  const isPath = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
  return {
    type: isPath ? 'bind' : 'volume',
    source: isPath ? resolvePath(source) : source,
    target,
    readOnly: mode === 'ro',
  };
}

/** `docker run --mount type=bind|volume,source=…,target=…[,readonly]` (src/dst/destination too). */
export function parseMountFlag(value: string, resolvePath: (path: string) => string): MountSpec | undefined {
  const fields = new Map<string, string>();
  for (const field of value.split(',')) {
    const [key = '', ...rest] = field.split('=');
    fields.set(key.trim().toLowerCase(), rest.join('=').trim());
  }
  const type = fields.get('type') ?? 'volume';
  if (type !== 'bind' && type !== 'volume') return undefined;
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
  if (!target?.startsWith('/')) return undefined;
  if (type === 'bind' && !source) return undefined;
  const readonlyValue = fields.get('readonly') ?? fields.get('ro');
  const readOnly = readonlyValue !== undefined && readonlyValue !== 'false' && readonlyValue !== '0';
  return {
    type,
    ...(source ? { source: type === 'bind' ? resolvePath(source) : source } : {}),
    target,
    readOnly,
  };
}

/**
 * An env file as `docker run --env-file` reads it: `KEY=VALUE` lines taken literally (no quotes
 * removed), `#` comments and blank lines skipped, a bare `KEY` takes the value from `lookup`.
 */
export function parseEnvFile(text: string, lookup: (key: string) => string | undefined): { env: string[]; bad: string[] } {
  const env: string[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const entry = envEntry(line, lookup);
    if (entry === null) bad.push(raw);
    else if (entry !== undefined) env.push(entry);
  }
  return { env, bad };
}

/** `KEY=VALUE` as is; `KEY` from lookup (undefined when unset: dropped, as docker does); null when not a name. */
export function envEntry(value: string, lookup: (key: string) => string | undefined): string | undefined | null {
  const eq = value.indexOf('=');
  const key = eq === -1 ? value.trim() : value.slice(0, eq);
  if (key === '' || /\s/.test(key)) return null;
  if (eq !== -1) return value;
  const fromHost = lookup(key);
  return fromHost === undefined ? undefined : `${key}=${fromHost}`;
}

/** The image config with what `--bake-config` bakes in: the run's entrypoint, cmd and env. */
export function bakeConfig(config: ContainerConfig, options: ContainerOptions): ContainerConfig {
  const run = effectiveRun(config, options);
  const env = mergeEnv(config.Env ?? [], options.env ?? []);
  return {
    ...config,
    ...(options.entrypoint || options.cmd ? { Entrypoint: [...run.entrypoint], Cmd: [...run.cmd] } : {}),
    ...(options.env?.length ? { Env: env } : {}),
  };
}

/** Docker's env merge: a later KEY replaces an earlier one in place. */
export function mergeEnv(base: readonly string[], extra: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const entry of [...base, ...extra]) byKey.set(entry.split('=')[0] ?? entry, entry);
  return [...byKey.values()];
}
