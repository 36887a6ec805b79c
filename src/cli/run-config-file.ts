// `minify.yml` and MINIFY_* env for `minify run`: every run flag by its long name, per image.
// Precedence: the command line, then MINIFY_<FLAG>, then the file's image entry, then the file's
// top-level defaults, then the built-in default.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command, Option } from 'commander';
import { parse } from 'yaml';
import { ExitCode, MinifyError, UsageError } from '../errors.js';

type Settings = Readonly<Record<string, unknown>>;

export interface RunConfigFile {
  readonly path: string;
  /** Top-level keys: settings for every image. */
  readonly defaults: Settings;
  readonly images: ReadonlyArray<{ readonly image: string; readonly settings: Settings }>;
}

/** What one run gets: the image and its flags with every layer applied. */
export interface ResolvedRun {
  readonly image: string;
  readonly flags: Record<string, unknown>;
  /** Where each flag not left at its default came from (by attribute name): `command line`, `MINIFY_JOB`, `minify.yml images[1]`. */
  readonly sources: ReadonlyMap<string, string>;
}

export const FROM_COMMAND_LINE = 'command line';

/** Flags the file and the env do not set: they choose the file, or make no sense per image. */
const NOT_CONFIGURABLE = new Set(['config', 'help']);

const longName = (option: Option) => (option.long ?? '').replace(/^--(no-)?/, '');
/** MINIFY_DEBUG=1 asks for stack traces (main.ts), so --debug reads MINIFY_DEBUG_IMAGE. */
const ENV_ALIASES: Readonly<Record<string, string>> = { debug: 'MINIFY_DEBUG_IMAGE' };
const envName = (name: string) => ENV_ALIASES[name] ?? `MINIFY_${name.replace(/-/g, '_').toUpperCase()}`;

/** The run options by long name (`ready-timeout`), each with the option that takes its value. */
function configurable(command: Command): Map<string, Option> {
  const byName = new Map<string, Option>();
  for (const option of command.options) {
    const name = longName(option);
    if (!name || NOT_CONFIGURABLE.has(name)) continue;
    const known = byName.get(name);
    // `--verify <bool>` and `--no-verify` share a name: the one taking a value reads the setting.
    if (!known || (!takesValue(known) && takesValue(option))) byName.set(name, option);
  }
  return byName;
}

const takesValue = (option: Option) => option.required || option.optional;

export function parseRunConfig(text: string, path: string, command: Command): RunConfigFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'fix the file, or point --config at another');
  }
  document ??= {};
  if (!isRecord(document)) throw new UsageError(`${path} must hold a mapping of run flags`, 'e.g. `images: [{ image: app:1.4, probe: [probes/api.ts] }]`');
  const names = configurable(command);
  const { images = [], ...defaults } = document;
  checkKeys(defaults, names, path);
  if (!Array.isArray(images)) throw new UsageError(`${path}: images must be a list`, 'e.g. `images: [{ image: app:1.4 }]`');
  const entries = images.map((entry: unknown, index) => {
    const where = `${path} images[${index}]`;
    if (typeof entry === 'string') return { image: entry, settings: {} };
    if (!isRecord(entry) || typeof entry.image !== 'string') throw new UsageError(`${where} needs an image`, 'e.g. `- image: app:1.4`');
    const { image, ...settings } = entry;
    checkKeys(settings, names, where);
    return { image, settings };
  });
  return { path, defaults, images: entries };
}

function checkKeys(settings: Settings, names: Map<string, Option>, where: string): void {
  for (const key of Object.keys(settings)) {
    if (!names.has(key)) throw new UsageError(`${where}: ${key} is not a minify run flag`, `use the long flag names, e.g. ready-timeout or probe (see minify run --help)`);
  }
}

/**
 * The flags for each run: `typed` as commander parsed the command line (defaults filled in), with
 * env and file settings laid under what was typed. No image on the command line runs the file's.
 */
export function resolveRuns(command: Command, image: string | undefined, env: NodeJS.ProcessEnv, file?: RunConfigFile): ResolvedRun[] {
  const path = file?.path ?? 'minify.yml';
  const entries = (file?.images ?? []).map((entry, index) => ({ ...entry, where: `${path} images[${index}]` }));
  const targets = image !== undefined
    ? [entries.find((entry) => entry.image === image) ?? { image, settings: {}, where: path }]
    : entries;
  if (targets.length === 0) {
    throw new UsageError('minify run needs an image', file ? `${file.path} lists no images: add \`images: [{ image: app:1.4 }]\`` : 'give one (minify run app:1.4), or list them in minify.yml');
  }
  const layers = (target: { settings: Settings; where: string }) => [{ settings: target.settings, where: target.where }, { settings: file?.defaults ?? {}, where: path }];
  return targets.map((target) => ({ image: target.image, ...layered(command, env, layers(target)) }));
}

interface FileLayer {
  readonly settings: Settings;
  /** `minify.yml` for the top level, `minify.yml images[1]` for an image's entry. */
  readonly where: string;
}

function layered(command: Command, env: NodeJS.ProcessEnv, fileLayers: readonly FileLayer[]): Pick<ResolvedRun, 'flags' | 'sources'> {
  const flags: Record<string, unknown> = { ...command.opts() };
  const sources = new Map<string, string>();
  for (const [name, option] of configurable(command)) {
    const attribute = option.attributeName();
    if (command.getOptionValueSource(attribute) === 'cli') {
      sources.set(attribute, FROM_COMMAND_LINE);
      continue;
    }
    const fromEnv = env[envName(name)];
    if (fromEnv !== undefined && fromEnv !== '') {
      // A repeatable flag takes one value a line (a CI system's multi-line input).
      const values = Array.isArray(option.defaultValue) ? fromEnv.split(/\r?\n/).filter((line) => line.trim() !== '') : fromEnv;
      flags[attribute] = convert(option, values, envName(name));
      sources.set(attribute, envName(name));
      continue;
    }
    const layer = fileLayers.find((candidate) => candidate.settings[name] !== undefined);
    if (layer) {
      flags[attribute] = convert(option, layer.settings[name], `${layer.where}: ${name}`);
      sources.set(attribute, layer.where);
    }
  }
  return { flags, sources };
}

/** A setting through the option's own parser, so the file and env are checked as flags are. */
function convert(option: Option, value: unknown, where: string): unknown {
  try {
    if (!takesValue(option)) return toBoolean(value, where);
    const parseArg = option.parseArg as ((value: string, previous: unknown) => unknown) | undefined;
    if (Array.isArray(option.defaultValue)) {
      const items = Array.isArray(value) ? value : [value];
      return items.reduce<unknown>((previous, item) => (parseArg ? parseArg(scalar(item, where), previous) : [...(previous as unknown[]), scalar(item, where)]), []);
    }
    if (Array.isArray(value)) throw new UsageError(`${where} takes one value, not a list`);
    return parseArg ? parseArg(scalar(value, where), option.defaultValue) : scalar(value, where);
  } catch (error) {
    if (error instanceof UsageError && error.message.startsWith(where)) throw error;
    if (error instanceof UsageError) throw new UsageError(`${where}: ${error.message}`, error.hint);
    throw new UsageError(`${where}: ${JSON.stringify(value)}: ${(error as Error).message.replace(/^error: /, '')}`, `the same values as ${option.long} on the command line`);
  }
}

function scalar(value: unknown, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UsageError(`${where} must be a string or number`);
}

function toBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|yes|1|on)$/i.test(value)) return true;
  if (typeof value === 'string' && /^(false|no|0|off)$/i.test(value)) return false;
  throw new UsageError(`${where} takes true or false, got ${JSON.stringify(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `--config FILE`, else MINIFY_CONFIG, else ./minify.yml or ./minify.yaml when there is one. */
export async function readRunConfig(command: Command, explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<RunConfigFile | undefined> {
  const path = explicit ?? (env.MINIFY_CONFIG || undefined) ?? ['minify.yml', 'minify.yaml'].find((name) => existsSync(name));
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MinifyError(`config file ${path} cannot be read`, { code: ExitCode.notFound, hint: 'give the path of a minify.yml', cause: error });
  }
  return parseRunConfig(text, path, command);
}
