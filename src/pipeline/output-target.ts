// The up-front check of every flag that names a file written at the end of a run (--output, --report,
// --markdown, --html, --sbom): its directory must exist and be writable before any work starts.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** Fails before any work when the file `flag` names could not be written at the end. */
export async function assertWritableDir(target: string, flag = '--output'): Promise<void> {
  const dir = dirname(resolve(target));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${target}: directory ${dir} does not exist or is not writable`, 'choose a path in a writable directory');
  }
}
