// Path helpers of the planner: the ancestors of an image path, the image's PATH.
import type { ImagePath } from '../types.js';

/** `/a/b/c` -> `/a/b`, `/a` (nearest first; "/" is implicit and never listed). */
export function parentsOf(p: ImagePath): ImagePath[] {
  const out: ImagePath[] = [];
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) out.push(p.slice(0, i));
  return out;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The dirs of PATH in the image config's Env (Docker's default when unset), without trailing slashes. */
export function searchPath(env: readonly string[] | undefined): ImagePath[] {
  const pathVar = env?.find((e) => e.startsWith('PATH='))?.slice(5) ?? DEFAULT_PATH;
  return pathVar.split(':').filter(Boolean).map((d) => d.replace(/\/+$/, '') || '/');
}
