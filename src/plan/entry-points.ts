// Files reached only by exec or through a link: programs in PATH dirs, and libraries in loader dirs that
// some ELF file of the image names in DT_NEEDED (the ELF closure keeps those whenever a kept file needs them).
import type { ImagePath, Manifest } from '../types.js';
import { loaderDirs, type LdContext } from './ld-paths.js';
import { searchPath } from './paths.js';
import { resolvePath } from './symlinks.js';

export interface EntryPointInput {
  readonly manifest: Manifest;
  readonly ld: LdContext;
  readonly env: readonly string[] | undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirOf(path: ImagePath): ImagePath {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export interface EntryPoints {
  /** A file or link in a PATH dir: it runs only when executed. */
  readonly isProgram: (path: ImagePath) => boolean;
  /** An ELF library (or a link to one) in a loader dir that an ELF file of the image links against. */
  readonly isLinkedLibrary: (path: ImagePath) => boolean;
}

export function entryPoints(input: EntryPointInput): EntryPoints {
  const real = (dir: ImagePath): ImagePath => resolvePath(input.manifest, dir).path;
  const programDirs = new Set(searchPath(input.env).map(real));
  const libraryDirs = new Set(loaderDirs(input.ld).map(real));
  const inDirs = (dirs: ReadonlySet<ImagePath>, path: ImagePath): boolean => {
    const entry = input.manifest.entries.get(path);
    return entry !== undefined && entry.type !== 'dir' && dirs.has(real(dirOf(path)));
  };
  const linked = new Set<string>();
  for (const info of input.ld.elf.values()) for (const name of info.needed) linked.add(baseName(name));
  const isLinkedLibrary = (path: ImagePath): boolean => {
    if (!inDirs(libraryDirs, path)) return false;
    const target = resolvePath(input.manifest, path).path;
    const info = input.ld.elf.get(target);
    if (!info) return false;
    return linked.has(baseName(path)) || linked.has(baseName(target)) || (info.soname !== undefined && linked.has(info.soname));
  };
  return { isProgram: (path) => inDirs(programDirs, path), isLinkedLibrary };
}
