// Turns a scan listing (+ the whole files it asked for) into the Manifest and captured plan inputs
// that reading the layer tars gives; which files are read whole is wholeCapture's call, as there.
import { capturedWhole, wholeCapture, type Captured } from '../pipeline/plan-inputs.js';
import { CompactEntries } from '../image/compact-entries.js';
import type { ImagePath, Manifest } from '../types.js';
import { ScanIncompleteError, type ScanListing } from './scan-lines.js';

export function scanManifest(listing: ScanListing): Manifest {
  return { entries: new CompactEntries(listing.entries) };
}

/** The regular files whose whole contents the planner and the ecosystem readers need. */
export function wholeFilesWanted(listing: ScanListing): ImagePath[] {
  return listing.entries.filter((e) => e.type === 'file' && wholeCapture(e.path, e.size)).map((e) => e.path);
}

/** What capturePlanInput keeps per path, for the image's regular files. */
export function scanCaptured(listing: ScanListing, whole: ReadonlyMap<ImagePath, Buffer>): Map<ImagePath, Captured> {
  const captured = new Map<ImagePath, Captured>();
  for (const entry of listing.entries) {
    if (entry.type !== 'file') continue;
    const kind = wholeCapture(entry.path, entry.size);
    if (kind) {
      const bytes = whole.get(entry.path);
      if (!bytes) throw new ScanIncompleteError(`the scan read no contents for ${entry.path}`);
      captured.set(entry.path, capturedWhole(kind, bytes));
      continue;
    }
    const info = listing.elf.get(entry.path);
    if (info) captured.set(entry.path, { kind: 'elf', info });
  }
  return captured;
}
