// The image's VOLUMEs in the scan container. A volume there would hold Docker's copy of the image's
// files, not the files, and be one more thing to remove; so the scan container gets a tmpfs over each
// VOLUME instead, which the sensor detaches before it walks. For a VOLUME path the image lacks, the
// runtime makes the directories of its mount point: they are taken out of the listing again, and the
// mtime of the directory they were made in is put back to the image's.
import { isDirStat, statPath, type PathStat } from '../engine/path-stat.js';
import type { Engine } from '../engine/connect.js';
import { parentPath, toImagePath } from '../image/paths.js';
import type { ContainerConfig, ImagePath } from '../types.js';
import { ScanIncompleteError, type ScanListing } from './scan-lines.js';

/** What the runtime will add to the scan container's filesystem for VOLUMEs the image lacks. */
export interface VolumeMountPoints {
  /** Paths the runtime creates (not the image's). */
  readonly created: ReadonlySet<ImagePath>;
  /** The directories they are created in, with the image's mtime. */
  readonly mtimes: ReadonlyMap<ImagePath, number>;
}

/** The image's VOLUME paths (absolute, normalised, UTF-8 as Docker has them), deepest first. */
export function volumePaths(config: ContainerConfig): string[] {
  const paths = new Set<string>();
  for (const key of Object.keys(config.Volumes ?? {})) {
    const parts = key.split('/').filter((p) => p !== '' && p !== '.');
    if (key.startsWith('/') && parts.length > 0 && !parts.includes('..')) paths.add(`/${parts.join('/')}`);
  }
  return [...paths].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
}

/** Reads, in the created (never started) scan container, which VOLUME paths the image has. */
export async function probeMountPoints(engine: Engine, id: string, volumes: readonly string[]): Promise<VolumeMountPoints> {
  const stats = new Map<string, PathStat | undefined>();
  const stat = async (path: string): Promise<PathStat | undefined> => {
    if (!stats.has(path)) stats.set(path, path === '/' ? { mode: 2 ** 31, mtime: 0 } : await statPath(engine, id, path));
    return stats.get(path);
  };
  const created = new Set<ImagePath>();
  const mtimes = new Map<ImagePath, number>();
  for (const volume of volumes) {
    let path = volume;
    let found = await stat(path);
    while (!found) {
      created.add(toImagePath(path));
      path = parentPath(path);
      found = await stat(path);
    }
    if (!isDirStat(found)) throw new ScanIncompleteError(`the image's VOLUME ${volume} is not a directory in the image (${path} is not)`);
    if (path !== volume && path !== '/') mtimes.set(toImagePath(path), found.mtime);
  }
  return { created, mtimes };
}

/** The listing as the image has it: without the runtime's mount points, their parents' mtimes restored. */
export function withoutMountPoints(listing: ScanListing, points: VolumeMountPoints): ScanListing {
  if (points.created.size === 0) return listing;
  const entries = listing.entries.filter((e) => !points.created.has(e.path)).map((e) => {
    const mtime = points.mtimes.get(e.path);
    return mtime === undefined ? e : { ...e, mtime };
  });
  return { ...listing, entries, hidden: listing.hidden.filter((p) => !points.created.has(p)) };
}
