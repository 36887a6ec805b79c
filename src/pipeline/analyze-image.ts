// `minify analyze` pipeline: find the image, read its layers (capturing what the ecosystem readers read), analyze.
import { analyzeImage } from '../analyze/analyze.js';
import type { AnalysisReport } from '../analyze/report.js';
import type { Disposer } from '../cleanup.js';
import { connectEngine } from '../engine/connect.js';
import { inspectImage } from '../engine/images.js';
import { loadImage } from './load-image.js';
import { captureEcosystemText } from './plan-inputs.js';

export interface AnalyzeImageOptions {
  readonly image: string;
  readonly disposer: Disposer;
  readonly top?: number;
  readonly onLayer?: (listed: number, total: number) => void;
  /** Bytes of the image read so far, and its inspected size. */
  readonly onSavedBytes?: (read: number, total: number) => void;
}

export async function analyzeImageByName(opts: AnalyzeImageOptions): Promise<AnalysisReport> {
  const engine = await connectEngine();
  const source = await inspectImage(engine, opts.image);
  const loaded = await loadImage(engine, source.id, opts.disposer, {
    inspect: captureEcosystemText,
    ...(opts.onLayer ? { onLayer: opts.onLayer } : {}),
    ...(opts.onSavedBytes ? { onSavedBytes: (read: number) => opts.onSavedBytes?.(read, source.size) } : {}),
  });
  const report = analyzeImage({
    listings: loaded.listings,
    manifest: loaded.manifest,
    config: loaded.archive.config,
    layers: loaded.archive.layers.map((l) => ({ index: l.index, diffId: l.diffId, storedSize: l.storedSize, createdBy: l.createdBy })),
    textFiles: loaded.inspected,
    top: opts.top,
  });
  return { ...report, image: { name: opts.image, id: source.id, repoTags: source.repoTags } };
}
