// Python reader: installed distributions (*.dist-info, *.egg-info) in site- and dist-packages, by RECORD or top-level names.
import type { ImagePath } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { normalizeDistName, parseDistHeaders, recordPaths, requirementName, requiresTxtNames } from './python-metadata.js';
import { baseName, joinPath, normalizePath, parentOf } from './paths.js';
import type { Component, EcosystemInput } from './types.js';

const SITE_DIR = /^(.*\/(?:site|dist)-packages)\/([^/]+)/;

interface Dist {
  readonly site: ImagePath;
  /** The .dist-info/.egg-info dir, or an egg-info file. */
  readonly meta: ImagePath;
  readonly isDir: boolean;
  readonly name: string;
  readonly version: string;
  readonly requires: readonly string[];
  id: string;
}

/** Paths below each `<site>/<top>` (the top entry itself included), so a dist's top-level names expand fast. */
function sitesTree(input: EcosystemInput): Map<ImagePath, ImagePath[]> {
  const tops = new Map<ImagePath, ImagePath[]>();
  for (const path of input.manifest.entries.keys()) {
    const m = SITE_DIR.exec(path);
    if (!m?.[1] || !m[2]) continue;
    const top = joinPath(m[1], m[2]);
    const list = tops.get(top);
    if (list) list.push(path);
    else tops.set(top, [path]);
  }
  return tops;
}

function readDist(input: EcosystemInput, site: ImagePath, meta: ImagePath, isDir: boolean): Dist {
  const text = (file: string): string | undefined => input.textFiles.get(isDir ? joinPath(meta, file) : meta);
  const headers = parseDistHeaders((isDir ? (text('METADATA') ?? text('PKG-INFO')) : text('')) ?? '');
  const stem = baseName(meta).replace(/\.(?:dist|egg)-info$/, '');
  const dash = stem.indexOf('-');
  const name = headers.name ?? (dash > 0 ? stem.slice(0, dash) : stem);
  const version = headers.version ?? (dash > 0 ? stem.slice(dash + 1).replace(/-py\d.*$/, '') : '');
  const requires = headers.requires.map(requirementName).filter((n): n is string => n !== undefined);
  const eggRequires = isDir ? input.textFiles.get(joinPath(meta, 'requires.txt')) : undefined;
  if (eggRequires !== undefined) requires.push(...requiresTxtNames(eggRequires));
  return { site, meta, isDir, name, version, requires, id: '' };
}

/** RECORD rows; else egg-info's installed-files.txt; else the top-level names (top_level.txt, or the dist's own name). */
function distFiles(
  input: EcosystemInput,
  dist: Dist,
  tops: ReadonlyMap<ImagePath, ImagePath[]>,
  siteTops: ReadonlyMap<ImagePath, ImagePath[]>,
): ImagePath[] {
  const files = new Set<ImagePath>();
  const add = (path: ImagePath): void => {
    if (!input.manifest.entries.has(path)) return;
    files.add(path);
    // The dirs between the site dir and a recorded file are the dist's too (RECORD lists files only).
    for (let dir = parentOf(path); dir.startsWith(`${dist.site}/`); dir = parentOf(dir)) files.add(dir);
  };
  for (const path of tops.get(dist.meta) ?? []) add(path);
  const record = dist.isDir ? input.textFiles.get(joinPath(dist.meta, 'RECORD')) : undefined;
  const installed = dist.isDir ? input.textFiles.get(joinPath(dist.meta, 'installed-files.txt')) : undefined;
  if (record !== undefined) {
    for (const rel of recordPaths(record)) add(normalizePath(rel, dist.site));
  } else if (installed !== undefined) {
    for (const rel of installed.split(/\r?\n/)) if (rel.trim() !== '') add(normalizePath(rel.trim(), dist.meta));
  } else {
    const topLevel = dist.isDir ? input.textFiles.get(joinPath(dist.meta, 'top_level.txt')) : undefined;
    const names = topLevel?.split(/\r?\n/).map((n) => n.trim()).filter(Boolean) ?? [dist.name.replace(/[-.]/g, '_')];
    for (const name of names) {
      const wanted = name.toLowerCase();
      for (const top of siteTops.get(dist.site) ?? []) {
        const paths = tops.get(top) ?? [];
        const base = baseName(top).toLowerCase();
        const module = base.endsWith('.py') ? base.slice(0, -3) : /^([^.]+)\..*\.so$|^([^.]+)\.so$/.exec(base)?.slice(1).find(Boolean);
        if (base === wanted || module === wanted) for (const path of paths) add(path);
      }
    }
  }
  return [...files].sort();
}

export function readPython(input: EcosystemInput): Claim[] {
  const tops = sitesTree(input);
  const siteTops = new Map<ImagePath, ImagePath[]>();
  for (const top of tops.keys()) siteTops.set(parentOf(top), [...(siteTops.get(parentOf(top)) ?? []), top]);
  const dists: Dist[] = [];
  for (const top of tops.keys()) {
    if (!/\.(?:dist|egg)-info$/.test(top)) continue;
    const isDir = input.manifest.entries.get(top)?.type === 'dir';
    dists.push(readDist(input, parentOf(top), top, isDir));
  }
  dists.sort((a, b) => (a.meta < b.meta ? -1 : 1));
  const count = new Map<string, number>();
  for (const d of dists) count.set(normalizeDistName(d.name), (count.get(normalizeDistName(d.name)) ?? 0) + 1);
  for (const d of dists) {
    const norm = normalizeDistName(d.name);
    d.id = (count.get(norm) ?? 0) > 1 ? `py:${norm}@${d.meta}` : `py:${norm}`;
  }
  const byName = new Map<string, Dist[]>();
  for (const d of dists) byName.set(normalizeDistName(d.name), [...(byName.get(normalizeDistName(d.name)) ?? []), d]);

  return dists.map((dist): Claim => {
    const dependsOn = new Set<string>();
    for (const req of dist.requires) {
      const found = byName.get(normalizeDistName(req)) ?? [];
      // The same site dir first: it is what that interpreter imports.
      const hit = found.find((d) => d.site === dist.site) ?? found[0];
      if (hit && hit !== dist) dependsOn.add(hit.id);
    }
    const norm = normalizeDistName(dist.name);
    const component: Component = {
      id: dist.id,
      kind: 'python',
      name: dist.name,
      version: dist.version,
      purl: `pkg:pypi/${encodeURIComponent(norm)}@${encodeURIComponent(dist.version)}`,
      files: distFiles(input, dist, tops, siteTops),
      dependsOn: [...dependsOn].sort(),
      role: 'runtime',
      metadata: dist.isDir ? (tops.get(dist.meta) ?? []).filter((p) => p !== dist.meta).sort() : [dist.meta],
    };
    return { component, rank: RANK.python, tie: 'both' };
  });
}
