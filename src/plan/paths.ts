// Path helpers of the planner: the ancestors of an image path.
import type { ImagePath } from '../types.js';

/** `/a/b/c` -> `/a/b`, `/a` (nearest first; "/" is implicit and never listed). */
export function parentsOf(p: ImagePath): ImagePath[] {
  const out: ImagePath[] = [];
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) out.push(p.slice(0, i));
  return out;
}
