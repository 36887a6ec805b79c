// Finds a DT_NEEDED library inside the image the way ld.so searches for it.
import type { ImagePath, Manifest } from '../types.js';
import { matchingPaths } from './rules.js';
import { resolvePath } from './symlinks.js';
import type { ElfInfo } from './types.js';

const DEFAULT_DIRS = [
  '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
  '/lib64', '/usr/lib64', '/lib', '/usr/lib',
];

export interface LdContext {
  readonly manifest: Manifest;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  /** Dirs from LD_LIBRARY_PATH of the image config Env. */
  readonly libraryPath: readonly string[];
  /** Dirs from /etc/ld.so.conf (includes expanded). */
  readonly confDirs: readonly string[];
}

/** Every dir the loader searches by default or by configuration (no RPATH/RUNPATH, which are per object). */
export function loaderDirs(ctx: Pick<LdContext, 'libraryPath' | 'confDirs'>): ImagePath[] {
  return [...new Set([...ctx.libraryPath, ...ctx.confDirs, ...DEFAULT_DIRS].map((d) => d.replace(/\/+$/, '') || '/'))];
}

export function libraryPathFromEnv(env: readonly string[] | undefined): string[] {
  const line = env?.find((e) => e.startsWith('LD_LIBRARY_PATH='));
  return line ? line.slice('LD_LIBRARY_PATH='.length).split(':').filter(Boolean) : [];
}

/** Dirs listed in /etc/ld.so.conf, following `include` globs against the manifest's paths. */
export function ldConfDirs(textFiles: ReadonlyMap<ImagePath, string>, manifest: Manifest): string[] {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = textFiles.get(file);
    if (text === undefined) return;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') continue;
      const inc = /^include\s+(.+)$/.exec(line);
      if (inc?.[1]) {
        for (const pattern of inc[1].split(/\s+/)) {
          const abs = pattern.startsWith('/') ? pattern : '/etc/' + pattern;
          for (const f of matchingPaths(manifest.entries.keys(), abs).sort()) visit(f);
          if (!/[*?[]/.test(abs)) visit(abs);
        }
      } else if (line.startsWith('/')) dirs.push(...line.split(/[:,\s]+/).filter(Boolean));
    }
  };
  visit('/etc/ld.so.conf');
  return dirs;
}

function dirOf(p: ImagePath): ImagePath {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function expandOrigin(dir: string, origin: ImagePath): string {
  return dir.replace(/\$(ORIGIN|\{ORIGIN\})/g, origin);
}

export interface LibHit {
  /** The path as looked up (dir + name), whose symlink chain must be kept. */
  readonly lookup: ImagePath;
  /** The resolved file. */
  readonly path: ImagePath;
  readonly links: readonly ImagePath[];
}

/**
 * Searches for `name` needed by `object` (real path) whose loaders (real paths, outermost first) are `loaders`.
 * RPATH of the object and its loaders applies only when the object has no RUNPATH.
 */
export function findLibrary(ctx: LdContext, opts: { name: string; object: ImagePath; loaders: readonly ImagePath[] }): LibHit | undefined {
  const obj = ctx.elf.get(opts.object);
  if (!obj) return undefined;
  const candidates: string[] = [];
  if (opts.name.includes('/')) candidates.push(opts.name.startsWith('/') ? opts.name : expandOrigin(opts.name, dirOf(opts.object)));
  else {
    const dirs: string[] = [];
    if (obj.runpath.length === 0) {
      for (const who of [opts.object, ...[...opts.loaders].reverse()]) {
        const info = ctx.elf.get(who);
        if (info) dirs.push(...info.rpath.map((d) => expandOrigin(d, dirOf(who))));
      }
    }
    dirs.push(...ctx.libraryPath);
    dirs.push(...obj.runpath.map((d) => expandOrigin(d, dirOf(opts.object))));
    dirs.push(...ctx.confDirs, ...DEFAULT_DIRS);
    for (const d of dirs) candidates.push(`${d.replace(/\/+$/, '')}/${opts.name}`);
  }
  for (const cand of candidates) {
    const res = resolvePath(ctx.manifest, cand);
    if (!res.exists) continue;
    const info = ctx.elf.get(res.path);
    if (!info || info.class !== obj.class || info.machine !== obj.machine) continue;
    return { lookup: res.links.length > 0 ? cand : res.path, path: res.path, links: res.links };
  }
  return undefined;
}
