// Resolves a path inside the image like the kernel does, recording every symlink traversed.
import type { ImagePath, Manifest } from '../types.js';

const MAX_LINKS = 40;

export interface Resolution {
  /** The final path (may not exist in the manifest: see `exists`). */
  readonly path: ImagePath;
  readonly exists: boolean;
  /** Symlinks followed on the way, in order (intermediate dir symlinks included). */
  readonly links: readonly ImagePath[];
  /** True when the loop limit stopped resolution. */
  readonly loop: boolean;
}

function join(parts: readonly string[]): ImagePath {
  return '/' + parts.join('/');
}

/** Follows symlinks in every component; absolute targets resolve against the image root, never the host. */
export function resolvePath(manifest: Manifest, input: ImagePath): Resolution {
  const links: ImagePath[] = [];
  let pending = input.split('/').filter((c) => c !== '' && c !== '.');
  const done: string[] = [];
  let followed = 0;
  while (pending.length > 0) {
    const comp = pending.shift() as string;
    if (comp === '..') {
      done.pop();
      continue;
    }
    done.push(comp);
    const cur = join(done);
    const entry = manifest.entries.get(cur);
    if (entry?.type !== 'symlink' || entry.linkTarget === undefined) continue;
    if (++followed > MAX_LINKS) return { path: join(done), exists: false, links, loop: true };
    if (!links.includes(cur)) links.push(cur);
    done.pop();
    const target = entry.linkTarget;
    if (target.startsWith('/')) done.length = 0;
    pending = [...target.split('/').filter((c) => c !== '' && c !== '.'), ...pending];
  }
  const path = join(done);
  return { path, exists: path === '/' || manifest.entries.has(path), links, loop: false };
}
