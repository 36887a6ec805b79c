// The same input gives the same image id: the slim image's timestamps come from the source image
// (its `created`), or from SOURCE_DATE_EPOCH when set (reproducible-builds.org), never from the clock.
import { UsageError } from '../errors.js';
import { DOCKER_TOUCHED_DIRS } from '../image/docker-runtime.js';
import { MappedEntries } from '../image/mapped-entries.js';
import type { FileEntry, Manifest } from '../types.js';

/** The epoch the Unix reproducible-builds convention uses when the source has no `created`. */
const FALLBACK = '1970-01-01T00:00:00.000Z';

/** SOURCE_DATE_EPOCH (whole seconds) as a number, or undefined when unset. */
export function parseSourceDateEpoch(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,12}$/.test(text)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${text}"`, 'unset it, or set it to e.g. $(git log -1 --format=%ct)');
  return Number(text);
}

/** The `created` of the slim and debug images' config and history. */
export function imageCreated(sourceCreated: string | undefined, epochSeconds: number | undefined): string {
  if (epochSeconds !== undefined) return new Date(epochSeconds * 1000).toISOString();
  if (sourceCreated && !Number.isNaN(Date.parse(sourceCreated))) return sourceCreated;
  return FALLBACK;
}

/** With SOURCE_DATE_EPOCH: no file is newer than the epoch (mtimes clamped, as reproducible tar writers do). */
export function clampMtimes(manifest: Manifest, epochSeconds: number | undefined): Manifest {
  if (epochSeconds === undefined) return manifest;
  return { ...manifest, entries: new MappedEntries(manifest.entries, (entry) => (entry.mtime > epochSeconds ? { ...entry, mtime: epochSeconds } : entry)) };
}

/**
 * Dirs Docker writes into when it makes a container (image/docker-runtime.ts) take the image's
 * `created`: no container ever shows their stored mtime, and a scan of the source cannot read it,
 * so a scanned and a saved source give the same layer.
 */
export function pinDockerTouchedDirs(manifest: Manifest, created: string): Manifest {
  const seconds = Math.floor(Date.parse(created) / 1000);
  if (Number.isNaN(seconds)) return manifest;
  const pinned = (entry: FileEntry): FileEntry => (entry.type === 'dir' && DOCKER_TOUCHED_DIRS.has(entry.path) ? { ...entry, mtime: seconds } : entry);
  return { ...manifest, entries: new MappedEntries(manifest.entries, pinned) };
}
