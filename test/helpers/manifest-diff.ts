// Differences between two readings of one image (layer tars vs in-container scan): entries and captured facts.
import { isDockerRuntimePath, DOCKER_TOUCHED_DIRS } from '../../src/image/docker-runtime.js';
import type { Captured } from '../../src/pipeline/plan-inputs.js';
import type { FileEntry, ImagePath, Manifest } from '../../src/types.js';

/**
 * Path → the lexically first path of its hard-link group. Which member a tar stores as the file is
 * the order its writer chose, which a filesystem does not keep: readings agree on the groups.
 */
function linkGroups(m: Manifest): Map<ImagePath, ImagePath> {
  const members = new Map<ImagePath, ImagePath[]>();
  for (const e of m.entries.values()) {
    if (e.type !== 'hardlink' || !e.linkTarget) continue;
    members.set(e.linkTarget, [...(members.get(e.linkTarget) ?? [e.linkTarget]), e.path]);
  }
  const first = new Map<ImagePath, ImagePath>();
  for (const paths of members.values()) {
    const lead = [...paths].sort()[0] ?? '';
    for (const p of paths) first.set(p, lead);
  }
  return first;
}

/** The entry as a group member: a file, linked to its group's first path unless it is that path. */
function oriented(e: FileEntry, groups: Map<ImagePath, ImagePath>): FileEntry {
  const lead = groups.get(e.path);
  if (lead === undefined) return e;
  const { linkTarget: _l, ...rest } = e;
  return lead === e.path ? { ...rest, type: 'file' } : { ...rest, type: 'hardlink', linkTarget: lead };
}

/** Captured facts keyed by each hard-link group's first path (a tar reader captures the member stored as the file). */
export function byLinkGroup<T>(captured: ReadonlyMap<ImagePath, T>, m: Manifest): Map<ImagePath, T> {
  const groups = linkGroups(m);
  return new Map([...captured].map(([p, v]) => [groups.get(p) ?? p, v]));
}

function facts(e: FileEntry, withMtime: boolean): string {
  const xattrs = Object.entries(e.xattrs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v.toString('hex')}`);
  return JSON.stringify({
    type: e.type, mode: e.mode.toString(8), uid: e.uid, gid: e.gid, size: e.size, link: e.linkTarget,
    dev: e.devMajor === undefined ? undefined : [e.devMajor, e.devMinor], xattrs, ...(withMtime ? { mtime: e.mtime } : {}),
  });
}

/** One line per difference; Docker's runtime paths (which a container never shows as the image has them) are left out. */
export function manifestDiff(saved: Manifest, scanned: Manifest): string[] {
  const out: string[] = [];
  const savedGroups = linkGroups(saved);
  const scannedGroups = linkGroups(scanned);
  for (const [path, e] of saved.entries) {
    if (isDockerRuntimePath(path)) continue;
    const s = scanned.entries.get(path);
    if (!s) {
      out.push(`${path}: only in the saved image`);
      continue;
    }
    const withMtime = !DOCKER_TOUCHED_DIRS.has(path);
    const a = facts(oriented(e, savedGroups), withMtime);
    const b = facts(oriented(s, scannedGroups), withMtime);
    if (a !== b) out.push(`${path}: saved ${a} scanned ${b}`);
  }
  for (const path of scanned.entries.keys()) if (!saved.entries.has(path)) out.push(`${path}: only in the scan`);
  return out;
}

function show(c: Captured | undefined): string {
  if (!c) return 'nothing';
  if (c.kind === 'bytes') return `bytes ${c.bytes.toString('hex')}`;
  return c.kind === 'elf' ? `elf ${JSON.stringify(c.info)}` : `text ${JSON.stringify(c.text)}`;
}

export function capturedDiff(saved: ReadonlyMap<ImagePath, Captured>, scanned: ReadonlyMap<ImagePath, Captured>): string[] {
  const out: string[] = [];
  for (const path of new Set([...saved.keys(), ...scanned.keys()])) {
    if (isDockerRuntimePath(path)) continue;
    const a = show(saved.get(path));
    const b = show(scanned.get(path));
    if (a !== b) out.push(`${path}: saved ${a.slice(0, 200)} scanned ${b.slice(0, 200)}`);
  }
  return out;
}
