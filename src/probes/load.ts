// Loads a user's probe file (TS or JS): checked once in its own process before any container starts
// (syntax errors with file:line:col), then run isolated in a fresh process each time it runs.
import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ExitCode, MinifyError } from '../errors.js';
import { checkProbeFile, isolatedProbe } from './isolated-probe.js';
import type { Probe } from './types.js';

const HINT = 'a probe is a .ts/.js file with `export default async function (ctx) { ... }`';

export async function loadProbe(file: string): Promise<Probe> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new MinifyError(`probe file ${file} does not exist`, { code: ExitCode.invalidProbe, hint: HINT });
  }
  const problem = await checkProbeFile(path);
  if (problem?.reason === 'no-default') {
    throw new MinifyError(`probe file ${file} has no default export function`, { code: ExitCode.invalidProbe, hint: HINT });
  }
  if (problem) throw new MinifyError(`probe file ${file} cannot be loaded: ${problem.message}`, { code: ExitCode.invalidProbe, hint: HINT });
  return isolatedProbe(path, basename(file));
}
