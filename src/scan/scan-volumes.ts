// The image's VOLUMEs in the scan container. A volume there would hold Docker's copy of the image's
// files, not the files, and be one more thing to remove; so the scan container gets a tmpfs over each
// VOLUME instead, which the sensor detaches before it walks. For a VOLUME path the image lacks, the
// runtime makes the directories of its mount point: they are taken out of the listing again, and the
// mtime of the directory they were made in is put back to the image's.
import { isDirStat, statPath, type PathStat } from '../engine/path-stat.js';
import type { Engine } from '../engine/connect.js';
import { parentPath, toImagePath } from '../image/paths.js';
import { parentsOf } from '../plan/paths.js';
import type { ContainerConfig, ImagePath } from '../types.js';
import { ScanIncompleteError, type ScanListing } from './scan-lines.js';

/** What the runtime will add to the scan container's filesystem for VOLUMEs the image lacks. */
export interface VolumeMountPoints {
  /** Paths the runtime creates (not the image's). */
  readonly created: ReadonlySet<ImagePath>;
  /** The directories they are created in, with the image's mtime. */
  readonly mtimes: ReadonlyMap<ImagePath, number>;
}

/** The image's VOLUME paths (absolute, cleaned as Go's filepath.Clean does, UTF-8 as Docker has them), deepest first. */
export function volumePaths(config: ContainerConfig): string[] {
  const paths = new Set<string>();
  for (const key of Object.keys(config.Volumes ?? {})) {
    if (!key.startsWith('/')) continue;
    const parts: string[] = [];
    for (const part of key.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '' && part !== '.') parts.push(part);
    }
    if (parts.length > 0) paths.add(`/${parts.join('/')}`);
  }
  return [...paths].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
}

/** The sensor's arguments (scan and tar modes) that detach the tmpfs over each VOLUME. */
export function unmountArgs(volumes: readonly string[]): string[] {
  return volumes.flatMap((path) => ['--unmount', path]);
}

/** Reads, in the created (never started) scan container, which VOLUME paths the image has. */
export async function probeMountPoints(engine: Engine, id: string, volumes: readonly string[]): Promise<VolumeMountPoints> {
  const stats = new Map<string, PathStat | undefined>();
  const stat = async (path: string, volume: string): Promise<PathStat | undefined> => {
    if (path === '/') return { mode: 2 ** 31, mtime: 0, linkTarget: '' };
    if (!stats.has(path)) {
      stats.set(path, await statPath(engine, id, path).catch((error: unknown) => {
        // e.g. a parent that is a file (the engine answers 500 for ENOTDIR)
        throw new ScanIncompleteError(`the engine could not stat ${path} for the image's VOLUME ${volume}: ${error instanceof Error ? error.message : String(error)}`);
      }));
    }
    return stats.get(path);
  };
  const created = new Set<ImagePath>();
  const mtimes = new Map<ImagePath, number>();
  for (const volume of volumes) {
    let path = volume;
    let found = await stat(path, volume);
    while (!found) {
      created.add(toImagePath(path));
      path = parentPath(path);
      found = await stat(path, volume);
    }
    if (path !== volume) {
      // The runtime makes the mount point where the symlinks lead, which the walk (never following one) would list as the image's.
      for (const prefix of [...parentsOf(path).reverse(), path]) {
        const link = (await stat(prefix, volume))?.linkTarget;
        if (link) throw new ScanIncompleteError(`the image lacks its VOLUME ${volume}, under the symlink ${prefix} -> ${link}`);
      }
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
