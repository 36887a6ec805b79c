// `--read-image`: the source image's manifest, captured plan inputs and config, from an in-container
// scan (no `docker save`; kept bytes then come from a container too) or from `docker save`. The scan
// falls back to save, in one line, where it cannot stand for the image.
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { formatReadBytes } from '../format.js';
import { InterruptedError } from '../errors.js';
import type { PhaseHandle, Progress } from '../progress.js';
import { scanImage, type RunningScan } from '../scan/scan-image.js';
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

/** A read source image; a scanned one has no `docker save` tar (and no layers in its archive). */
export type SourceImage = Omit<LoadedImage<Captured>, 'tarPath'> & { readonly tarPath?: string };

export interface ReadSource {
  /** With `via: 'scan'` the archive has no layers: kept bytes must come from a container of the image. */
  readonly loaded: SourceImage;
  readonly via: ReadImageMode;
  /** With `via: 'scan'`: the scan container, left running for the first copy-out (the caller releases it). */
  readonly scanContainer?: RunningScan;
}

/** The two readers (a parameter so a test can stand in for the engine). */
export interface SourceReaders {
  readonly scan: typeof scanImage;
  readonly save: typeof loadImage<Captured>;
}

export async function readSource(opts: ReadSourceOptions, readers: SourceReaders = { scan: scanImage, save: loadImage }): Promise<ReadSource> {
  if (opts.mode === 'scan') {
    try {
      const scanned = await readers.scan({
        engine: opts.engine, image: opts.imageId, disposer: opts.disposer, sensorPath: opts.sensorPath, keepContainer: true,
        ...(opts.maxRunTimeSec ? { maxRunTimeSec: opts.maxRunTimeSec } : {}),
        onListedBytes: (listed) => opts.phase.update(formatReadBytes(listed, opts.sourceBytes)),
      });
      const archive = { repoTags: scanned.repoTags, imageId: scanned.imageId, config: scanned.config, layers: [] };
      const loaded = { archive, listings: [], manifest: scanned.manifest, inspected: scanned.captured };
      return { via: 'scan', loaded, ...(scanned.container ? { scanContainer: scanned.container } : {}) };
    } catch (error) {
      // An interrupt is not a scan failure; anything else the scan hit, save may still read.
      if (error instanceof InterruptedError || opts.signal?.aborted) throw error;
      const why = error instanceof ScanIncompleteError ? error.message : `the scan failed: ${error instanceof Error ? error.message : String(error)}`;
      opts.progress.info(`read image: the in-container scan cannot stand for this image (${why}); reading it with docker save`);
    }
  }
  const loaded = await readers.save(opts.engine, opts.imageId, opts.disposer, {
    inspect: capturePlanInput,
    onSavedBytes: (read) => opts.phase.update(formatReadBytes(read, opts.sourceBytes)),
    onLayer: (listed, total) => opts.phase.update(`layer ${listed}/${total} listed`),
  });
  // A run needs the flattened manifest only: the per-layer listings (an object per tar header) go now.
  return { via: 'save', loaded: { ...loaded, listings: [] } };
}
