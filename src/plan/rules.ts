// Matches user --include/--exclude globs against image byte-string paths.
import micromatch from 'micromatch';
import type { ImagePath } from '../types.js';

/** Globs are UTF-8 text; image paths are latin1 byte strings: compare bytes with bytes. */
export function toByteGlob(glob: string): string {
  return Buffer.from(glob, 'utf8').toString('latin1');
}

export function compileGlobs(globs: readonly string[]): (path: ImagePath) => string | undefined {
  const compiled = globs.map((g) => ({ g, m: micromatch.matcher(toByteGlob(g), { dot: true }) }));
  return (path) => compiled.find(({ m }) => m(path))?.g;
}

/**
 * The paths a glob matches, in iteration order: what `micromatch(list, glob, { dot: true })` returns
 * for unique paths, without its copy of the list and its Set of every path tested (issue 14, growth).
 */
export function matchingPaths(paths: Iterable<ImagePath>, glob: string): ImagePath[] {
  const matches = micromatch.matcher(glob, { dot: true });
  const out: ImagePath[] = [];
  for (const path of paths) if (matches(path)) out.push(path);
  return out;
}
