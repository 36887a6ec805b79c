// Files reached only by exec or by the dynamic loader: programs in PATH dirs, libraries in loader dirs.
import type { ImagePath, Manifest } from '../types.js';
import { loaderDirs, type LdContext } from './ld-paths.js';
import { searchPath } from './paths.js';
import { resolvePath } from './symlinks.js';

export interface EntryPointInput {
  readonly manifest: Manifest;
  readonly ld: LdContext;
  readonly env: readonly string[] | undefined;
}

function dirOf(path: ImagePath): ImagePath {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export interface EntryPoints {
  /** A file or link in a PATH dir: it runs only when executed. */
  readonly isProgram: (path: ImagePath) => boolean;
  /** An ELF library (or a link to one) in a loader dir: it is loaded only when something needs it. */
  readonly isLoaderLibrary: (path: ImagePath) => boolean;
}

export function entryPoints(input: EntryPointInput): EntryPoints {
  const real = (dir: ImagePath): ImagePath => resolvePath(input.manifest, dir).path;
  const programDirs = new Set(searchPath(input.env).map(real));
  const libraryDirs = new Set(loaderDirs(input.ld).map(real));
  const inDirs = (dirs: ReadonlySet<ImagePath>, path: ImagePath): boolean => {
    const entry = input.manifest.entries.get(path);
    return entry !== undefined && entry.type !== 'dir' && dirs.has(real(dirOf(path)));
  };
  return {
    isProgram: (path) => inDirs(programDirs, path),
    isLoaderLibrary: (path) => inDirs(libraryDirs, path) && input.ld.elf.has(resolvePath(input.manifest, path).path),
  };
}
