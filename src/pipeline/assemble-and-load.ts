// One assembled image loaded into the engine (slim or debug). A
// rebuild under the same tag (a repair round) removes the image it replaces.
import { assembleImage, type AssembledImage, type LayerSelection } from '../assemble/assemble-image.js';
import type { Engine } from '../engine/connect.js';
import { inspectImage, loadImage as loadArchiveIntoEngine, removeImage } from '../engine/images.js';
import type { ContentSource } from '../image/content-source.js';
import { streamDockerArchive } from '../image/write-archive.js';
import { timed, type Progress } from '../progress.js';
import { MINIFY_VERSION } from '../version.js';
import type { LoadedImage } from './load-image.js';

export interface AssembleAndLoadOptions {
  readonly loaded: Pick<LoadedImage<unknown>, 'archive' | 'manifest'>;
  readonly layers: readonly LayerSelection[];
  /** Where kept files' bytes come from (default: the saved archive). */
  readonly content?: ContentSource;
  readonly sourceRef: string;
  readonly tag: string;
  readonly workDir: string;
  readonly name: string;
  /** Phase name suffix of a rebuild, e.g. ` (repair 1)`; the image the tag named before is removed. */
  readonly label?: string;
}

export interface BuiltImage {
  readonly id: string;
  readonly bytes: number;
  readonly assembled: AssembledImage;
}

export async function assembleAndLoad(
  engine: Engine,
  progress: Progress,
  options: AssembleAndLoadOptions,
): Promise<BuiltImage> {
  const suffix = `${options.name === 'slim' ? '' : ` ${options.name}`}${options.label ?? ''}`;
  const replaced = options.label === undefined ? undefined : (await inspectImage(engine, options.tag).catch(() => undefined))?.id;
  const assembled = await timed(progress, `assemble${suffix}`, () =>
    assembleImage({
      archive: options.loaded.archive,
      manifest: options.loaded.manifest,
      ...(options.content ? { content: options.content } : {}),
      layers: options.layers,
      sourceRef: options.sourceRef,
      repoTags: [options.tag],
      minifyVersion: MINIFY_VERSION,
      workDir: options.workDir,
      name: options.name,
    }),
  );
  return timed(progress, `load${suffix}`, async () => {
    // Streamed: the archive is its layer files again, and writing it to disk first doubled the load's writes.
    const archive = streamDockerArchive({ config: assembled.config, layers: assembled.layers, repoTags: assembled.repoTags });
    try {
      await loadArchiveIntoEngine(engine, archive);
    } finally {
      archive.destroy(); // a load the engine refused stops the writer too
    }
    const loaded = await inspectImage(engine, options.tag);
    // The image this rebuild replaces lost its tag: nothing else names it.
    if (replaced && replaced !== loaded.id) await removeImage(engine, replaced);
    return { id: loaded.id, bytes: loaded.size, assembled };
  });
}
