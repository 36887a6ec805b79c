// Reads an image from the engine: `docker save` into a temp dir, list every layer (with an optional
// content hook), flatten. Shared by `minify run` and `minify analyze`; the temp dir lives until the
// disposer runs, because the archive's layers are opened again later (assembly reads their bytes).
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { saveImage } from '../engine/images.js';
import { openImageArchive } from '../image/archive.js';
import { flatten } from '../image/flatten.js';
import { listLayer } from '../image/list-layer.js';
import { makeTempDir } from '../temp-dir.js';
import type { ImageArchive, ImagePath, LayerEntry, LayerListing, Manifest } from '../types.js';

export interface LoadImageOptions<T> {
  /** Called for each regular file while its layer streams by; what it returns is kept by path. */
  readonly inspect?: (entry: LayerEntry, content: Readable) => Promise<T | undefined>;
  /** Told the bytes of `docker save` received so far (for progress). */
  readonly onSavedBytes?: (total: number) => void;
  /** Told after each layer is listed (for progress). */
  readonly onLayer?: (listed: number, total: number) => void;
}

export interface LoadedImage<T> {
  readonly archive: ImageArchive;
  readonly listings: readonly LayerListing[];
  readonly manifest: Manifest;
  /** What `inspect` returned, for the paths of the final image only, from the layer that provides each. */
  readonly inspected: ReadonlyMap<ImagePath, T>;
  /** The `docker save` tar (removed by the disposer). */
  readonly tarPath: string;
}

export async function loadImage<T = never>(
  engine: Engine,
  name: string,
  disposer: Disposer,
  opts: LoadImageOptions<T> = {},
): Promise<LoadedImage<T>> {
  const dir = await makeTempDir(disposer, 'image');
  const tarPath = join(dir, 'image.tar');
  await saveImage(engine, name, tarPath, opts.onSavedBytes);
  const archive = await openImageArchive(tarPath);

  const listings: LayerListing[] = [];
  const perLayer: ReadonlyMap<ImagePath, T>[] = [];
  // One layer at a time: each is a stream over the same file, and the disk is the bottleneck.
  for (const layer of archive.layers) {
    const { listing, inspected } = await listLayer<T>(layer, opts.inspect ? { inspect: opts.inspect } : {});
    listings.push(listing);
    perLayer[layer.index] = inspected;
    opts.onLayer?.(listings.length, archive.layers.length);
  }
  const manifest = flatten(listings);

  const inspected = new Map<ImagePath, T>();
  for (const [path, entry] of manifest.entries) {
    const value = perLayer[entry.layerIndex]?.get(path);
    if (value !== undefined) inspected.set(path, value);
  }
  return { archive, listings, manifest, inspected, tarPath };
}
