// dpkg reader: installed packages from /var/lib/dpkg/status, their paths from info/<pkg>[:arch].list.
import { resolvePath } from '../plan/symlinks.js';
import type { ImagePath, Manifest } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { parseRelations, parseStanzas, type Relation, type Stanza } from './dpkg-control.js';
import { satisfiesRelation } from './dpkg-version.js';
import { baseName, joinPath, parentOf } from './paths.js';
import { isDocPath } from './runtime-dead.js';
import type { Component, ComponentRole, EcosystemInput } from './types.js';

export const DPKG_ADMIN_DIR = '/var/lib/dpkg';
export const DPKG_STATUS = `${DPKG_ADMIN_DIR}/status`;
export const DPKG_INFO_DIR = `${DPKG_ADMIN_DIR}/info`;

interface Installed {
  readonly name: string;
  readonly arch: string;
  readonly version: string;
  readonly stanza: Stanza;
  id: string;
}

export interface DpkgReading {
  readonly claims: readonly Claim[];
  /** Every directory some package lists, shared ones included (app content never roots at them). */
  readonly listedDirs: ReadonlySet<ImagePath>;
}

/** `install ok installed` (or hold, or installed with triggers pending): the package's files are on disk. */
function isInstalled(status: string | undefined): boolean {
  const [, flag, state] = (status ?? '').split(/\s+/);
  return flag === 'ok' && (state === 'installed' || state === 'triggers-pending' || state === 'triggers-awaited');
}

export function installedPackages(statusText: string): Installed[] {
  const found: Installed[] = [];
  for (const stanza of parseStanzas(statusText)) {
    const name = stanza.get('package');
    if (!name || !isInstalled(stanza.get('status'))) continue;
    found.push({ name, arch: stanza.get('architecture') ?? 'all', version: stanza.get('version') ?? '', stanza, id: '' });
  }
  const counts = new Map<string, number>();
  for (const p of found) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  for (const p of found) p.id = (counts.get(p.name) ?? 0) > 1 ? `dpkg:${p.name}:${p.arch}` : `dpkg:${p.name}`;
  return found;
}

interface Provided {
  readonly pkg: Installed;
  readonly version?: string;
}

/** Resolves Depends/Pre-Depends clauses to installed package ids: the first alternative an installed (or providing) package satisfies. */
function dependencyResolver(packages: readonly Installed[]): (pkg: Installed) => string[] {
  const byName = new Map<string, Installed[]>();
  const provides = new Map<string, Provided[]>();
  for (const p of packages) {
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    for (const [alt] of parseRelations(p.stanza.get('provides'))) {
      if (alt) provides.set(alt.name, [...(provides.get(alt.name) ?? []), { pkg: p, ...(alt.version ? { version: alt.version } : {}) }]);
    }
  }
  const archOk = (rel: Relation, p: Installed, from: Installed): boolean => {
    const q = rel.archQualifier;
    if (q === 'any' || q === 'native' || p.arch === 'all') return true;
    if (q !== undefined) return q === p.arch;
    return from.arch === 'all' || p.arch === from.arch || p.stanza.get('multi-arch') === 'foreign';
  };
  const matches = (rel: Relation, from: Installed, checkVersion: boolean): Installed[] => {
    const wants = (version: string | undefined): boolean =>
      !checkVersion || rel.op === undefined || (version !== undefined && satisfiesRelation(version, rel.op, rel.version ?? ''));
    const real = (byName.get(rel.name) ?? []).filter((p) => archOk(rel, p, from) && wants(p.version));
    if (real.length > 0) return real;
    return (provides.get(rel.name) ?? []).filter((v) => archOk(rel, v.pkg, from) && wants(v.version)).map((v) => v.pkg);
  };
  return (pkg) => {
    const ids = new Set<string>();
    const clauses = [...parseRelations(pkg.stanza.get('pre-depends')), ...parseRelations(pkg.stanza.get('depends'))];
    for (const alternatives of clauses) {
      let hits: Installed[] = [];
      for (const checkVersion of [true, false]) {
        for (const alt of alternatives) {
          hits = matches(alt, pkg, checkVersion);
          if (hits.length > 0) break;
        }
        if (hits.length > 0) break;
      }
      for (const hit of hits) if (hit !== pkg) ids.add(hit.id);
    }
    return [...ids].sort();
  };
}

/** Maps a listed path to the manifest path it names, following symlinked parent dirs (`/lib` → `/usr/lib`). */
function listedPathResolver(manifest: Manifest): (listed: string) => ImagePath | undefined {
  const realDirs = new Map<string, ImagePath>();
  const realDir = (dir: string): ImagePath => {
    let real = realDirs.get(dir);
    if (real === undefined) {
      real = dir === '/' ? '/' : resolvePath(manifest, dir).path;
      realDirs.set(dir, real);
    }
    return real;
  };
  return (listed) => {
    if (listed === '/.' || listed === '/') return '/';
    if (manifest.entries.has(listed)) return listed;
    const real = joinPath(realDir(parentOf(listed)), baseName(listed));
    return manifest.entries.has(real) ? real : undefined;
  };
}

function roleOf(pkg: Installed, files: readonly ImagePath[], manifest: Manifest): ComponentRole {
  const section = (pkg.stanza.get('section') ?? '').replace(/^.*\//, '');
  if (pkg.name.endsWith('-dev') || section === 'devel' || section === 'libdevel') return 'dev';
  const contents = files.filter((f) => manifest.entries.get(f)?.type !== 'dir');
  return contents.length > 0 && contents.every(isDocPath) ? 'docs' : 'runtime';
}

/** The info/<pkg>[:arch].<ext> files of each package, by package id. */
function metadataFiles(manifest: Manifest, keys: ReadonlyMap<string, Installed>): Map<string, ImagePath[]> {
  const byId = new Map<string, ImagePath[]>();
  const prefix = `${DPKG_INFO_DIR}/`;
  for (const [path, entry] of manifest.entries) {
    if (!path.startsWith(prefix) || entry.type === 'dir' || path.indexOf('/', prefix.length) >= 0) continue;
    const base = path.slice(prefix.length);
    const dot = base.lastIndexOf('.');
    const pkg = dot > 0 ? keys.get(base.slice(0, dot)) : undefined;
    if (pkg) byId.set(pkg.id, [...(byId.get(pkg.id) ?? []), path]);
  }
  return byId;
}

/** Percent-encodes a purl segment the way packageurl-js does (`:` stays, `+` becomes %2B). */
export function purlPart(text: string): string {
  return encodeURIComponent(text).replace(/%3A/g, ':');
}

export function readDpkg(input: EcosystemInput): DpkgReading {
  const statusText = input.textFiles.get(DPKG_STATUS);
  if (statusText === undefined) return { claims: [], listedDirs: new Set() };
  const packages = installedPackages(statusText);
  const resolveDeps = dependencyResolver(packages);
  const resolveListed = listedPathResolver(input.manifest);
  const keys = new Map<string, Installed>();
  for (const p of packages) {
    keys.set(`${p.name}:${p.arch}`, p);
    if (!keys.has(p.name) || p.id === `dpkg:${p.name}`) keys.set(p.name, p);
  }

  // Who lists each path: a directory (or dir symlink) listed by several packages belongs to none of them.
  const listedBy = new Map<ImagePath, number>();
  const listedDirs = new Set<ImagePath>();
  const filesOf: ImagePath[][] = packages.map(() => []);
  packages.forEach((pkg, index) => {
    const list =
      input.textFiles.get(`${DPKG_INFO_DIR}/${pkg.name}:${pkg.arch}.list`) ?? input.textFiles.get(`${DPKG_INFO_DIR}/${pkg.name}.list`);
    if (list === undefined) return;
    for (const line of list.split('\n')) {
      if (line === '') continue;
      const path = resolveListed(line);
      if (path === undefined) continue;
      const type = path === '/' ? 'dir' : input.manifest.entries.get(path)?.type;
      if (type === 'dir') listedDirs.add(path);
      const earlier = listedBy.get(path);
      if (earlier === undefined) {
        listedBy.set(path, index);
        filesOf[index]?.push(path);
      } else if (earlier !== index && earlier >= 0 && type !== 'file' && type !== 'hardlink') {
        listedBy.set(path, -1);
      }
    }
  });

  const metadata = metadataFiles(input.manifest, keys);
  const claims = packages.map((pkg, index): Claim => {
    const files = (filesOf[index] ?? []).filter((f) => listedBy.get(f) === index && f !== '/');
    const component: Component = {
      id: pkg.id,
      kind: 'dpkg',
      name: pkg.name,
      version: pkg.version,
      purl: `pkg:deb/debian/${purlPart(pkg.name)}@${purlPart(pkg.version)}?arch=${purlPart(pkg.arch)}`,
      files,
      dependsOn: resolveDeps(pkg),
      role: roleOf(pkg, files, input.manifest),
      metadata: metadata.get(pkg.id) ?? [],
    };
    return { component, rank: RANK.dpkg, tie: 'both' };
  });
  return { claims, listedDirs };
}
