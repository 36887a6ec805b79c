// --sbom: the slim image's SBOM written to the user's file, created exclusively, complete or not at all.
import { lstat, open, rm } from 'node:fs/promises';
import type { Disposer } from '../cleanup.js';
import { UsageError } from '../errors.js';
import { assertWritableDir, cannotWrite } from './output-target.js';

/** Fails before any work when --sbom could not be created at the end. */
export async function assertSbomTarget(target: string): Promise<void> {
  await assertWritableDir(target, '--sbom');
  // lstat, not access: a dangling symlink is a name the exclusive create at the end would refuse too.
  const exists = await lstat(target).then(() => true, () => false);
  if (exists) throw new UsageError(`--sbom ${target} already exists`, 'remove it or choose another file name');
}

/** Creates `target` (never through an existing name or symlink) and writes `json`; a failed write leaves no file. */
export async function writeSbomFile(target: string, json: string, disposer: Disposer): Promise<void> {
  let created = false;
  const dropPartial = disposer.add(`partial ${target}`, async () => {
    if (created) await rm(target, { force: true });
  });
  try {
    const handle = await open(target, 'wx');
    created = true;
    try {
      await handle.writeFile(json);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await dropPartial();
    throw cannotWrite('--sbom', target, error, 'choose a new file in a writable directory');
  }
  dropPartial.forget();
}
