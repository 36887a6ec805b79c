// npm reader: every package dir of every node_modules tree (and Debian's nodejs dirs), with Node's lookup for dependencies.
import { resolvePath } from '../plan/symlinks.js';
import type { ImagePath } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { dependencyNames, lockfileDevFlags, parseJsonObject, type JsonObject } from './npm-lockfile.js';
import { baseName, joinPath, parentOf } from './paths.js';
import type { Component, EcosystemInput } from './types.js';

/** Debian installs node packages flat into these dirs, which Node searches after node_modules. */
const NODEJS_ROOT = /^\/usr\/(?:share|lib|lib\/[^/]+-linux-gnu)\/nodejs$/;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'node_modules/.package-lock.json'];
const RUNTIME_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

export function isModulesRoot(dir: ImagePath): boolean {
  return baseName(dir) === 'node_modules' || NODEJS_ROOT.test(dir);
}

interface PackageDir {
  readonly dir: ImagePath;
  readonly name: string;
  readonly version: string;
  readonly json: JsonObject;
  id: string;
}

/** The app whose package.json owns a node_modules dir (the dir holding both). */
export interface NpmProject {
  readonly dir: ImagePath;
  readonly name?: string;
  readonly version?: string;
  readonly purl?: string;
  /** Its production dependencies (dependencies, optional and peer ones that are installed), resolved to ids. */
  readonly dependsOn: readonly string[];
  /** Its package.json and lockfiles. */
  readonly metadata: readonly ImagePath[];
}

export interface NpmReading {
  readonly claims: readonly Claim[];
  readonly projects: readonly NpmProject[];
}

/** A package dir is a child of a modules root (or of an `@scope` dir in one). */
function packageDirOf(packageJson: ImagePath): ImagePath | undefined {
  const dir = parentOf(packageJson);
  const parent = parentOf(dir);
  if (isModulesRoot(parent) && !baseName(dir).startsWith('.')) return dir;
  if (baseName(parent).startsWith('@') && isModulesRoot(parentOf(parent))) return dir;
  return undefined;
}

export function npmPurl(name: string, version: string): string {
  const encoded = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return `pkg:npm/${encoded}@${encodeURIComponent(version)}`;
}

function nodePathDirs(env: readonly string[] | undefined): string[] {
  const line = env?.find((e) => e.startsWith('NODE_PATH='));
  return line ? line.slice('NODE_PATH='.length).split(':').filter((d) => d.startsWith('/')) : [];
}

export function readNpm(input: EcosystemInput): NpmReading {
  const byDir = new Map<ImagePath, PackageDir>();
  const addPackage = (dir: ImagePath, nameFromDir: string): void => {
    const json = parseJsonObject(input.textFiles.get(joinPath(dir, 'package.json')));
    if (json === undefined || byDir.has(dir)) return;
    const name = typeof json.name === 'string' && json.name !== '' ? json.name : nameFromDir;
    const version = typeof json.version === 'string' ? json.version : '';
    byDir.set(dir, { dir, name, version, json, id: '' });
  };
  for (const path of input.textFiles.keys()) {
    if (!path.endsWith('/package.json')) continue;
    const dir = packageDirOf(path);
    if (dir !== undefined) addPackage(dir, dir.slice(dir.lastIndexOf('/node_modules/') + 14));
  }
  // A symlinked package (workspaces, pnpm's node_modules/<name> → .pnpm/…) is its target dir, as Node's realpath makes it.
  const linkTargets = new Map<ImagePath, ImagePath>();
  for (const [path, entry] of input.manifest.entries) {
    if (entry.type !== 'symlink' || packageDirOf(joinPath(path, 'package.json')) === undefined) continue;
    const real = resolvePath(input.manifest, path);
    if (!real.exists || real.path === path) continue;
    linkTargets.set(path, real.path);
    addPackage(real.path, baseName(path));
  }
  const packages = [...byDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
  const seen = new Map<string, number>();
  for (const p of packages) seen.set(`${p.name}@${p.version}`, (seen.get(`${p.name}@${p.version}`) ?? 0) + 1);
  for (const p of packages) p.id = (seen.get(`${p.name}@${p.version}`) ?? 0) > 1 ? `npm:${p.name}@${p.version}:${p.dir}` : `npm:${p.name}@${p.version}`;

  const fallbackRoots = [
    ...nodePathDirs(input.config.Env),
    ...[...input.manifest.entries.keys()].filter((p) => NODEJS_ROOT.test(p)).sort(),
  ];
  /** Node's lookup: `<dir>/node_modules/<name>` from `from` upward, then NODE_PATH and the distro's nodejs dirs. */
  const lookup = (from: ImagePath, name: string): PackageDir | undefined => {
    for (let dir = from; ; dir = parentOf(dir)) {
      if (baseName(dir) !== 'node_modules') {
        const candidate = joinPath(joinPath(dir, 'node_modules'), name);
        const hit = byDir.get(candidate) ?? byDir.get(linkTargets.get(candidate) ?? '');
        if (hit) return hit;
      }
      if (dir === '/') break;
    }
    for (const root of fallbackRoots) {
      const hit = byDir.get(joinPath(root, name)) ?? byDir.get(linkTargets.get(joinPath(root, name)) ?? '');
      if (hit) return hit;
    }
    return undefined;
  };
  const resolveAll = (from: ImagePath, json: JsonObject | undefined, fields: readonly string[]): string[] => {
    const ids = new Set<string>();
    for (const field of fields) {
      for (const name of dependencyNames(json, field)) {
        const hit = lookup(from, name);
        if (hit && hit.dir !== from) ids.add(hit.id);
      }
    }
    return [...ids].sort();
  };
  const dependsOn = new Map(packages.map((p) => [p.id, resolveAll(p.dir, p.json, RUNTIME_FIELDS)]));

  // Projects: a dir holding package.json and node_modules that is not itself a package.
  const projects: NpmProject[] = [];
  const devIds = new Set<string>();
  for (const [path, text] of input.textFiles) {
    if (!path.endsWith('/package.json')) continue;
    const dir = parentOf(path);
    if (byDir.has(dir) || input.manifest.entries.get(joinPath(dir, 'node_modules'))?.type !== 'dir') continue;
    const json = parseJsonObject(text);
    const lockPaths = LOCKFILES.map((l) => joinPath(dir, l)).filter((l) => input.textFiles.has(l));
    const prod = resolveAll(dir, json, RUNTIME_FIELDS);
    const name = typeof json?.name === 'string' ? json.name : undefined;
    const version = typeof json?.version === 'string' ? json.version : undefined;
    projects.push({
      dir,
      ...(name ? { name } : {}),
      ...(version ? { version } : {}),
      ...(name && version ? { purl: npmPurl(name, version) } : {}),
      dependsOn: prod,
      metadata: [path, ...lockPaths],
    });
    // A package.json that does not parse says nothing about what production needs: nothing is called dev.
    if (json === undefined) continue;
    for (const id of devPackagesOf(dir, prod, packages, dependsOn, lockPaths[0] ? input.textFiles.get(lockPaths[0]) : undefined)) devIds.add(id);
  }

  const files = new Map<string, ImagePath[]>(packages.map((p) => [p.id, []]));
  for (const path of input.manifest.entries.keys()) {
    if (linkTargets.size === 0 && !path.includes('/node_modules/') && !path.includes('/nodejs/')) continue;
    for (let dir = path; dir !== '/'; dir = parentOf(dir)) {
      const owner = byDir.get(dir);
      if (owner) {
        files.get(owner.id)?.push(path);
        break;
      }
    }
  }
  const claims = packages.map((p): Claim => {
    const component: Component = {
      id: p.id,
      kind: 'npm',
      name: p.name,
      version: p.version,
      purl: npmPurl(p.name, p.version),
      files: (files.get(p.id) ?? []).sort(),
      dependsOn: dependsOn.get(p.id) ?? [],
      role: devIds.has(p.id) ? 'dev' : 'runtime',
      metadata: [joinPath(p.dir, 'package.json')],
    };
    return { component, rank: RANK.npm, tie: 'both' };
  });
  return { claims, projects };
}

/**
 * The dev-only packages of the project at `dir`: flagged `dev` by its lockfile, or (for packages the
 * lockfile does not name, or without a lockfile) not reachable from its production dependencies.
 */
function devPackagesOf(
  dir: ImagePath,
  prod: readonly string[],
  packages: readonly PackageDir[],
  dependsOn: ReadonlyMap<string, readonly string[]>,
  lockText: string | undefined,
): string[] {
  const modules = `${joinPath(dir, 'node_modules')}/`;
  const flags = lockfileDevFlags(parseJsonObject(lockText));
  const reachable = new Set<string>();
  const queue = [...prod];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    queue.push(...(dependsOn.get(id) ?? []));
  }
  const dev: string[] = [];
  for (const p of packages) {
    if (!p.dir.startsWith(modules)) continue;
    const flag = flags.get(p.dir.slice(dir === '/' ? 1 : dir.length + 1));
    if (flag === true || (flag === undefined && !reachable.has(p.id))) dev.push(p.id);
  }
  return dev;
}
