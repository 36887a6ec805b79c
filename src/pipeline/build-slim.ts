// Assembles an image from a plan's layer selection and loads it into the engine under a tag; a
// rebuild under the same tag (a repair round) removes the image it replaces.
import { createRequire } from 'node:module';
import { assembleImage, type AssembledImage, type LayerSelection } from '../assemble/assemble-image.js';
import type { Engine } from '../engine/connect.js';
import { inspectImage, loadImage as loadArchiveIntoEngine, removeImage } from '../engine/images.js';
import type { PhaseHandle, Progress } from '../progress.js';
import type { SlimPlan } from '../types.js';
import type { loadImage } from './load-image.js';

export const { version: MINIFY_VERSION } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface BuiltImage {
  readonly id: string;
  readonly bytes: number;
  readonly assembled: AssembledImage;
}

export interface AssembleAndLoadOptions {
  readonly loaded: Awaited<ReturnType<typeof loadImage>>;
  readonly layers: readonly LayerSelection[];
  readonly sourceRef: string;
  readonly tag: string;
  readonly workDir: string;
  /** `slim`, `debug`: names the archive and the phases (`assemble debug`). */
  readonly name: string;
  /** Phase name suffix, e.g. ` (repair 1)`. */
  readonly label?: string;
}

export async function timed<T>(progress: Progress, name: string, work: (phase: PhaseHandle) => Promise<T>): Promise<T> {
  const phase = progress.phase(name);
  const result = await work(phase);
  phase.end();
  return result;
}

/** The slim layer of a plan: its kept paths and the entries it makes up. */
export function slimLayer(plan: SlimPlan, sourceName: string): LayerSelection {
  return {
    keep: new Set(plan.keep.keys()),
    synthetic: plan.synthetic ?? [],
    createdBy: `minify ${MINIFY_VERSION}: ${plan.keep.size} paths used by ${sourceName}`,
  };
}

export async function assembleAndLoad(engine: Engine, progress: Progress, options: AssembleAndLoadOptions): Promise<BuiltImage> {
  const suffix = `${options.name === 'slim' ? '' : ` ${options.name}`}${options.label ?? ''}`;
  const replaced = options.label === undefined ? undefined : (await inspectImage(engine, options.tag).catch(() => undefined))?.id;
  const assembled = await timed(progress, `assemble${suffix}`, () =>
    assembleImage({
      archive: options.loaded.archive,
      manifest: options.loaded.manifest,
      layers: options.layers,
      sourceRef: options.sourceRef,
      repoTags: [options.tag],
      minifyVersion: MINIFY_VERSION,
      workDir: options.workDir,
      name: options.name,
    }),
  );
  return timed(progress, `load${suffix}`, async () => {
    await loadArchiveIntoEngine(engine, assembled.archivePath);
    const loaded = await inspectImage(engine, options.tag);
    // The image this rebuild replaces lost its tag: nothing else names it.
    if (replaced && replaced !== loaded.id) await removeImage(engine, replaced);
    return { id: loaded.id, bytes: loaded.size, assembled };
  });
}
