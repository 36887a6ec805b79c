// --output: the slim image as a tar file the user asked for, written completely or not at all.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { AssembledImage } from '../assemble/assemble-image.js';
import type { Disposer } from '../cleanup.js';
import { cannotWrite } from './output-target.js';
import { writeDockerArchive, type ArchiveLayout } from '../image/write-archive.js';

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
    await writeDockerArchive({
      config: assembled.config, layers: assembled.layers, repoTags: output.repoTags, out: createWriteStream(partial, { flags: 'wx' }), layout: output.layout,
    });
    await rename(partial, output.target);
  } catch (error) {
    throw cannotWrite('--output', output.target, error, 'choose a path in a writable directory');
  }
  dropPartial.forget();
}
