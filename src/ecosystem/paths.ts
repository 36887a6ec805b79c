// Path helpers the ecosystem readers share: parents, joins and ancestor walks on ImagePaths.
import type { ImagePath } from '../types.js';

export function parentOf(path: ImagePath): ImagePath {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

export function baseName(path: ImagePath): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: ImagePath, rel: string): ImagePath {
  return dir === '/' ? `/${rel}` : `${dir}/${rel}`;
}

/** Normalises `.` and `..` segments of an absolute or `base`-relative path (never climbs above `/`). */
export function normalizePath(path: string, base: ImagePath = '/'): ImagePath {
  const parts: string[] = [];
  const full = path.startsWith('/') ? path : `${base}/${path}`;
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
