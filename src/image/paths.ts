// Normalises tar member names into ImagePaths (latin1 byte strings) and rejects hostile ones.
import { UnsafeImageError } from '../errors.js';
import type { ImagePath } from '../types.js';

/**
 * `./a/b`, `a/b/`, `a//b`, `/a/b` → `/a/b`; `.` → `/`. `..` is resolved lexically and throws if it
 * would climb above the root; NUL throws. Input is a latin1 byte string (one char per byte).
 */
export function normalizeTarPath(name: string): ImagePath {
  if (name.includes('\0')) throw new UnsafeImageError(`tar entry name contains NUL: ${JSON.stringify(name)}`);
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new UnsafeImageError(`tar entry escapes the root: ${JSON.stringify(displayPath(name))}`);
      out.pop();
      continue;
    }
    out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Parent dir of a normalised path ("/" for top-level names and for "/"). */
export function parentPath(p: ImagePath): ImagePath {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Latin1 byte string → UTF-8 text for humans (invalid sequences become U+FFFD). */
export function displayPath(p: ImagePath): string {
  return Buffer.from(p, 'latin1').toString('utf8');
}

/** UTF-8 text → latin1 byte string. */
export function toImagePath(utf8: string): ImagePath {
  return Buffer.from(utf8, 'utf8').toString('latin1');
}
