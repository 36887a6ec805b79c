// Module dirs: dirs of shared objects or extensions loaded by name at run time (dlopen, not DT_NEEDED), found from evidence.
import { ldConfDirs, libraryPathFromEnv } from '../plan/ld-paths.js';
import { resolvePath } from '../plan/symlinks.js';
import type { ImagePath } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { baseName, parentOf } from './paths.js';
import type { Component, EcosystemInput } from './types.js';

/** ld.so's built-in search dirs (as in plan/ld-paths.ts). */
const LOADER_DEFAULT_DIRS = [
  '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
  '/lib64', '/usr/lib64', '/lib', '/usr/lib',
];
const SHARED_OBJECT = /\.so(?:\.[\d.]+)?$/;

/** Every dir the dynamic loader searches for a program's libraries, as real paths: defaults, ld.so.conf, LD_LIBRARY_PATH, RPATH/RUNPATH. */
export function loaderDirs(input: EcosystemInput): Set<ImagePath> {
  const raw = [...LOADER_DEFAULT_DIRS, ...ldConfDirs(input.textFiles, input.manifest), ...libraryPathFromEnv(input.config.Env)];
  const real = (dir: string): ImagePath => resolvePath(input.manifest, dir).path;
  const dirs = new Set<ImagePath>();
  for (const dir of new Set(raw)) if (dir.startsWith('/')) dirs.add(real(dir));
  // A search path pointing at the object's own dir (gconv modules' `$ORIGIN`) finds its siblings, not the program's libraries.
  const own = new Set<string>();
  for (const [path, info] of input.elf) {
    const origin = parentOf(path);
    for (const dir of [...info.rpath, ...info.runpath]) {
      const expanded = dir.replace(/\$(?:ORIGIN|\{ORIGIN\})/g, origin);
      if (!expanded.startsWith('/') || own.has(`${origin}\0${expanded}`)) continue;
      own.add(`${origin}\0${expanded}`);
      const resolved = real(expanded);
      if (resolved !== origin) dirs.add(resolved);
    }
  }
  return dirs;
}

/**
 * Module dirs: a dir holding ELF shared objects that the loader does not search (so they are
 * dlopen'd by path or name: gconv, PAM, OpenSSL providers, server plugin dirs, interpreter extension
 * dirs), or a dir of extension `.control` files with their `.sql` scripts. Each owns its whole
 * subtree but for module dirs nested in it.
 */
export function findModuleDirs(input: EcosystemInput): Set<ImagePath> {
  const searched = loaderDirs(input);
  const found = new Set<ImagePath>();
  for (const path of input.elf.keys()) {
    if (!SHARED_OBJECT.test(baseName(path))) continue;
    const dir = parentOf(path);
    if (!searched.has(dir) && dir !== '/') found.add(dir);
  }
  const controlDirs = new Set<ImagePath>();
  const sqlDirs = new Set<ImagePath>();
  for (const [path, entry] of input.manifest.entries) {
    if (entry.type !== 'file') continue;
    if (path.endsWith('.control')) controlDirs.add(parentOf(path));
    else if (path.endsWith('.sql')) sqlDirs.add(parentOf(path));
  }
  for (const dir of controlDirs) if (sqlDirs.has(dir)) found.add(dir);
  return found;
}

export function readModuleDirs(input: EcosystemInput): Claim[] {
  const dirs = findModuleDirs(input);
  if (dirs.size === 0) return [];
  const members = new Map<ImagePath, ImagePath[]>([...dirs].map((d) => [d, []]));
  for (const path of input.manifest.entries.keys()) {
    for (let dir = path; dir !== '/'; dir = parentOf(dir)) {
      const list = members.get(dir);
      if (list) {
        list.push(path);
        break;
      }
    }
  }
  return [...members]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([dir, files]): Claim => {
      const component: Component = { id: `dir:${dir}`, kind: 'module-dir', name: dir, files: files.sort(), dependsOn: [], role: 'runtime' };
      return { component, rank: RANK['module-dir'], tie: 'up' };
    });
}
