// `minify analyze` pipeline: find the image, read its layers (capturing package manifests), analyze.
import type { Readable } from 'node:stream';
import { analyzeImage } from '../analyze/analyze.js';
import type { AnalysisReport } from '../analyze/report.js';
import type { Disposer } from '../cleanup.js';
import { connectEngine } from '../engine/connect.js';
import { inspectImage } from '../engine/images.js';
import type { ImagePath, LayerEntry } from '../types.js';
import { loadImage } from './load-image.js';

export interface AnalyzeImageOptions {
  readonly image: string;
  readonly disposer: Disposer;
  readonly top?: number;
  readonly onLayer?: (listed: number, total: number) => void;
  /** Bytes of the image read so far, and its inspected size. */
  readonly onSavedBytes?: (read: number, total: number) => void;
}

/** Lockfiles of big apps run to a few MB; anything larger is not worth holding. */
const PACKAGE_FILE_CAP = 16 << 20;

/** package.json / package-lock.json of projects (not of packages inside node_modules). */
export function isProjectPackageFile(path: ImagePath): boolean {
  return /\/package(?:-lock)?\.json$/.test(path) && !path.includes('/node_modules/');
}

async function capturePackageFiles(entry: LayerEntry, content: Readable): Promise<string | undefined> {
  if (!isProjectPackageFile(entry.path) || entry.size > PACKAGE_FILE_CAP) {
    content.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function analyzeImageByName(opts: AnalyzeImageOptions): Promise<AnalysisReport> {
  const engine = await connectEngine();
  const source = await inspectImage(engine, opts.image);
  const loaded = await loadImage(engine, source.id, opts.disposer, {
    inspect: capturePackageFiles,
    ...(opts.onLayer ? { onLayer: opts.onLayer } : {}),
    ...(opts.onSavedBytes ? { onSavedBytes: (read: number) => opts.onSavedBytes?.(read, source.size) } : {}),
  });
  const report = analyzeImage({
    listings: loaded.listings,
    manifest: loaded.manifest,
    config: loaded.archive.config,
    layers: loaded.archive.layers.map((l) => ({ index: l.index, diffId: l.diffId, storedSize: l.storedSize, createdBy: l.createdBy })),
    packageJsons: loaded.inspected,
    top: opts.top,
  });
  return { ...report, image: { name: opts.image, id: source.id, repoTags: source.repoTags } };
}
