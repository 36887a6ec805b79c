// SlimPlan → the layer tars on disk (one slim layer, plus the debug layer when asked) and the config
// naming them, built from the source image's own file bytes: its saved archive, or a container that
// was never the app's. The docker-archive around them is written where it goes (the engine, --output).
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { archiveContent } from '../image/archive-content.js';
import type { ContentSource } from '../image/content-source.js';
import { writeLayer, type GeneratedFile } from '../image/write-layer.js';
import type { FileEntry, ImageArchive, ImageConfig, ImagePath, Manifest } from '../types.js';
import { clampMtimes, imageCreated, parseSourceDateEpoch, pinDockerTouchedDirs } from './reproducible.js';
import { buildSlimConfig, type SlimLayerInfo } from './slim-config.js';

export interface LayerSelection {
  readonly keep: ReadonlySet<ImagePath>;
  readonly synthetic: readonly FileEntry[];
  /** Files minify writes itself (the trimmed package DB), in place of the source's at the same path. */
  readonly generated?: readonly GeneratedFile[];
  /** History line for this layer. */
  readonly createdBy: string;
}

export interface AssembleOptions {
  readonly archive: ImageArchive;
  readonly manifest: Manifest;
  /** Where kept files' bytes come from (default: the archive's layers); the layers are the same either way. */
  readonly content?: ContentSource;
  /** Bottom layer first: the slim layer, then (for a debug image) the tools layer. */
  readonly layers: readonly LayerSelection[];
  readonly sourceRef: string;
  readonly repoTags: readonly string[];
  readonly minifyVersion: string;
  /** A temp dir owned by the caller (registered with its disposer). */
  readonly workDir: string;
  /** Prefix of the layer files inside workDir. */
  readonly name: string;
  /** Called with each layer's byte size as it is finished. */
  readonly onLayerWritten?: (bytes: number) => void;
}

export interface AssembledImage {
  /** The config as passed to the archive writer (it sets rootfs.diff_ids). */
  readonly config: ImageConfig;
  /** The tags an archive of the image names. */
  readonly repoTags: readonly string[];
  /** The layer tars in workDir, bottom first. */
  readonly layers: readonly { readonly path: string; readonly diffId: string; readonly size: number }[];
}

/** Writes each selected layer to a tar in workDir and makes the config that names them. */
export async function assembleImage(options: AssembleOptions): Promise<AssembledImage> {
  const epoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const created = imageCreated(options.archive.config.created, epoch);
  const manifest = pinDockerTouchedDirs(clampMtimes(options.manifest, epoch), created);
  const written: Array<{ path: string; diffId: string; size: number }> = [];
  const content = options.content ?? archiveContent(options.archive, options.workDir);
  for (const [index, selection] of options.layers.entries()) {
    const path = join(options.workDir, `${options.name}-layer-${index}.tar`);
    const { diffId, size } = await writeLayer({
      content,
      manifest,
      keep: selection.keep,
      extraEntries: selection.synthetic,
      ...(selection.generated ? { generated: selection.generated } : {}),
      out: createWriteStream(path),
    });
    written.push({ path, diffId, size });
    options.onLayerWritten?.(size);
  }
  const layerInfos: SlimLayerInfo[] = options.layers.map((selection, index) => ({
    diffId: written[index]!.diffId,
    createdBy: selection.createdBy,
  }));
  const config = buildSlimConfig({
    source: options.archive.config,
    sourceRef: options.sourceRef,
    sourceId: options.archive.imageId,
    layers: layerInfos,
    minifyVersion: options.minifyVersion,
    created,
  });
  return { config, layers: written, repoTags: options.repoTags };
}
