// `--read-image`: the source image's manifest, captured plan inputs and config, from an in-container
// scan (no `docker save`; kept bytes then come from a container too) or from `docker save`. The scan
// falls back to save, in one line, where it cannot stand for the image.
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { formatReadBytes } from '../cli/format.js';
import { InterruptedError } from '../errors.js';
import type { PhaseHandle, Progress } from '../progress.js';
import { scanImage } from '../scan/scan-image.js';
import { ScanIncompleteError } from '../scan/scan-lines.js';
import { loadImage, type LoadedImage } from './load-image.js';
import { capturePlanInput, type Captured } from './plan-inputs.js';

export type ReadImageMode = 'scan' | 'save';

export interface ReadSourceOptions {
  readonly engine: Engine;
  readonly imageId: string;
  readonly disposer: Disposer;
  readonly mode: ReadImageMode;
  readonly sensorPath: string;
  /** --max-run-time, for the scan container. */
  readonly maxRunTimeSec?: number;
  readonly progress: Progress;
  readonly phase: PhaseHandle;
  readonly signal?: AbortSignal;
  /** The image's size as the engine reports it (save progress is told against it). */
  readonly sourceBytes: number;
}

export interface ReadSource {
  /** With `via: 'scan'` the archive has no layers: kept bytes must come from a container of the image. */
  readonly loaded: LoadedImage<Captured>;
  readonly via: ReadImageMode;
}

export async function readSource(opts: ReadSourceOptions): Promise<ReadSource> {
  if (opts.mode === 'scan') {
    try {
      const scanned = await scanImage({
        engine: opts.engine, image: opts.imageId, disposer: opts.disposer, sensorPath: opts.sensorPath,
        ...(opts.maxRunTimeSec ? { maxRunTimeSec: opts.maxRunTimeSec } : {}),
        onListedBytes: (listed) => opts.phase.update(formatReadBytes(listed, opts.sourceBytes)),
      });
      const archive = { repoTags: scanned.repoTags, imageId: scanned.imageId, config: scanned.config, layers: [] };
      return { via: 'scan', loaded: { archive, listings: [], manifest: scanned.manifest, inspected: scanned.captured, tarPath: '' } };
    } catch (error) {
      // An interrupt is not a scan failure; anything else the scan hit, save may still read.
      if (error instanceof InterruptedError || opts.signal?.aborted) throw error;
      const why = error instanceof ScanIncompleteError ? error.message : `the scan failed: ${error instanceof Error ? error.message : String(error)}`;
      opts.progress.info(`read image: the in-container scan cannot stand for this image (${why}); reading it with docker save`);
    }
  }
  const loaded = await loadImage(opts.engine, opts.imageId, opts.disposer, {
    inspect: capturePlanInput,
    onSavedBytes: (read) => opts.phase.update(formatReadBytes(read, opts.sourceBytes)),
    onLayer: (listed, total) => opts.phase.update(`layer ${listed}/${total} listed`),
  });
  return { via: 'save', loaded };
}
