// Loads a user's probe file (TS or JS) at run time with tsx; its default export is the probe.
import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ExitCode, MinifyError } from '../errors.js';
import type { Probe, ProbeFn } from './types.js';

const HINT = 'a probe is a .ts/.js file with `export default async function (ctx) { ... }`';

export async function loadProbe(file: string): Promise<Probe> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new MinifyError(`probe file ${file} does not exist`, { code: ExitCode.invalidProbe, hint: HINT });
  }
  let module: { default?: unknown };
  try {
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MinifyError(`probe file ${file} cannot be loaded: ${message}`, { code: ExitCode.invalidProbe, hint: HINT, cause: error });
  }
  // tsx may wrap a CommonJS-looking module's exports one level deeper.
  let run = module.default;
  if (run && typeof run === 'object' && typeof (run as { default?: unknown }).default === 'function') {
    run = (run as { default: unknown }).default;
  }
  if (typeof run !== 'function') {
    throw new MinifyError(`probe file ${file} has no default export function`, { code: ExitCode.invalidProbe, hint: HINT });
  }
  return { name: basename(file), run: run as ProbeFn };
}
