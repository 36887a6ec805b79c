// --output: the slim image as a tar file the user asked for, written completely or not at all.
import { constants, createWriteStream } from 'node:fs';
import { access, copyFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AssembledImage } from '../assemble/assemble-image.js';
import type { Disposer } from '../cleanup.js';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { writeDockerArchive, type ArchiveLayout } from '../image/write-archive.js';

/** Fails before any work when the file a flag (--output, --report, --markdown, --html) names could not be written at the end. */
export async function assertWritableDir(target: string, flag = '--output'): Promise<void> {
  const dir = dirname(resolve(target));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${target}: directory ${dir} does not exist or is not writable`, 'choose a path in a writable directory');
  }
}

/** --output: the slim image as a tar, landing under its name only once it is complete. */
export async function exportArchive(
  assembled: AssembledImage,
  output: { readonly target: string; readonly layout: ArchiveLayout; readonly repoTags: readonly string[] },
  disposer: Disposer,
): Promise<void> {
  const partial = `${output.target}.partial-${process.pid}`;
  const dropPartial = disposer.add(`partial ${partial}`, () => rm(partial, { force: true }));
  try {
    // Exclusive create: a name planted in a shared dir (a symlink, say) is not written through.
    if (output.layout === 'docker') await copyFile(assembled.archivePath, partial, constants.COPYFILE_EXCL);
    else {
      await writeDockerArchive({
        config: assembled.config, layers: assembled.layers, repoTags: output.repoTags, out: createWriteStream(partial, { flags: 'wx' }), layout: output.layout,
      });
    }
    await rename(partial, output.target);
  } catch (error) {
    throw new MinifyError(`cannot write --output ${output.target}: ${(error as Error).message}`, {
      code: ExitCode.usage, hint: 'choose a path in a writable directory', cause: error,
    });
  }
  dropPartial.forget();
}
