// The up-front check of every flag that names a file written at the end of a run (--output, --report,
// --markdown, --html, --sbom): its directory must exist and be writable, and the name must not be a
// directory, before any work starts.
import { constants } from 'node:fs';
import { access, appendFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, MinifyError, UsageError } from '../errors.js';

/** Fails before any work when the file `flag` names could not be written at the end. */
export async function assertWritableDir(target: string, flag = '--output'): Promise<void> {
  const dir = dirname(resolve(target));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${target}: directory ${dir} does not exist or is not writable`, 'choose a path in a writable directory');
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${target} is a directory`, `name a file, e.g. ${join(target, defaultName(flag))}`);
}

const defaultName = (flag: string): string =>
  ({ '--output': 'image.tar', '--report': 'report.json', '--markdown': 'report.md', '--html': 'report.html', '--sbom': 'sbom.json' })[flag] ?? 'out';

/** A write of the file `flag` names that failed at the end (disk full, a name made since the check): that flag's one line. */
export function cannotWrite(flag: string, target: string, error: unknown, hint: string): MinifyError {
  return new MinifyError(`cannot write ${flag} ${target}: ${(error as Error).message}`, { code: ExitCode.usage, hint, cause: error });
}

/** Writes the file `flag` names at the end of a command. */
export async function writeReportFile(flag: string, target: string, text: string, how: 'replace' | 'append' = 'replace'): Promise<void> {
  try {
    await (how === 'append' ? appendFile(target, text) : writeFile(target, text));
  } catch (error) {
    throw cannotWrite(flag, target, error, 'choose a file in a writable directory');
  }
}
