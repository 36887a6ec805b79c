// What kept paths bring with them: symlink chains, hardlink targets, the ELF loader and libraries of
// every kept binary (recursively), and parent dirs. Roots pass --exclude first; their closure never does.
import type { ImagePath, KeepReason, Manifest } from '../types.js';
import { isNeverKept } from './allowlist.js';
import { findLibrary, type LdContext } from './ld-paths.js';
import { parentsOf } from './paths.js';
import type { Root } from './roots.js';
import { resolvePath, type Resolution } from './symlinks.js';
import type { ElfInfo } from './types.js';

export interface ClosureInput {
  readonly manifest: Manifest;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  readonly ld: LdContext;
  /** The --exclude glob a path matches, if any. */
  readonly excluded: (path: ImagePath) => string | undefined;
}

export interface KeepBuilder {
  /** Keeps a root unless --exclude matches it (or the file its chain leads to). */
  keepRoot(root: Root): void;
  /** Keeps a path the slim image needs whatever --exclude says. */
  keepRequired(path: ImagePath, reason: KeepReason): void;
  /** Adds the ELF closure of everything kept so far, then parent dirs; returns the kept paths. */
  close(): { keep: Map<ImagePath, KeepReason>; warnings: string[] };
}

/**
 * Precedence: --exclude wins over the roots (traced paths, allowlist, includes, component files)
 * but NOT over the ELF interpreter/libraries of a kept binary, nor the links and parent dirs of kept
 * paths: dropping those would leave a binary that cannot start. The never-keep list wins always.
 */
export function createKeepBuilder(input: ClosureInput): KeepBuilder {
  const { manifest } = input;
  const keep = new Map<ImagePath, KeepReason>();
  const warnings: string[] = [];
  const elfQueue: { path: ImagePath; loaders: readonly ImagePath[] }[] = [];

  let links: Map<ImagePath, ImagePath[]> | undefined;
  /** Stored file → the hard links to it (built on first use). */
  const linksTo = (): Map<ImagePath, ImagePath[]> => {
    if (links) return links;
    links = new Map();
    for (const e of manifest.entries.values()) {
      if (e.type === 'hardlink' && e.linkTarget) links.set(e.linkTarget, [...(links.get(e.linkTarget) ?? []), e.path]);
    }
    return links;
  };
  const put = (path: ImagePath, reason: KeepReason): boolean => {
    if (path === '/' || isNeverKept(path) || !manifest.entries.has(path)) return false;
    if (!keep.has(path)) {
      keep.set(path, reason);
      if (input.elf.has(path)) elfQueue.push({ path, loaders: [] });
      const entry = manifest.entries.get(path);
      // The whole hard-link group: which member a tar stores as the file (and a scan sees first)
      // is the writer's order, so keeping one keeps all (they share bytes; each costs a header).
      const stored = entry?.type === 'hardlink' ? entry.linkTarget : entry?.type === 'file' ? path : undefined;
      if (stored && stored !== path) put(stored, { kind: 'hardlink-of', path });
      for (const link of stored ? linksTo().get(stored) ?? [] : []) if (link !== path) put(link, { kind: 'hardlink-of', path });
    }
    return true;
  };
  /** Keeps the file a resolution leads to and, when it was kept, the symlinks on the way. */
  const putResolved = (path: ImagePath, res: Resolution, reason: KeepReason): boolean => {
    if (!res.exists || res.loop || !put(res.path, reason)) return false;
    for (const link of res.links) put(link, { kind: 'symlink-of', path });
    return true;
  };

  const elfClosure = (): void => {
    for (let item = elfQueue.shift(); item; item = elfQueue.shift()) {
      const info = input.elf.get(item.path);
      if (!info) continue;
      const reason: KeepReason = { kind: 'elf-dep-of', path: item.path };
      if (info.interpreter && !putResolved(info.interpreter, resolvePath(manifest, info.interpreter), reason)) {
        warnings.push(`${item.path}: ELF interpreter ${info.interpreter} not found in the image`);
      }
      for (const name of info.needed) {
        const hit = findLibrary(input.ld, { name, object: item.path, loaders: item.loaders });
        if (!hit) {
          warnings.push(`${item.path}: needed library ${name} not found in the image`);
          continue;
        }
        const before = keep.has(hit.path);
        putResolved(hit.lookup, resolvePath(manifest, hit.lookup), reason);
        if (!before && keep.has(hit.path)) {
          const queued = elfQueue.find((q) => q.path === hit.path);
          if (queued) queued.loaders = [...item.loaders, item.path];
        }
      }
    }
  };

  return {
    keepRoot(root) {
      if (root.follow === 'entry') {
        if (input.excluded(root.path) === undefined) put(root.path, root.reason);
        return;
      }
      const res = resolvePath(manifest, root.path);
      if (input.excluded(res.path) !== undefined) return;
      putResolved(root.path, res, root.reason);
    },
    keepRequired(path, reason) {
      put(path, reason);
    },
    close() {
      elfClosure();
      // parent dirs (a hardlink's target was kept when the link was)
      for (const [path] of [...keep]) {
        for (const dir of parentsOf(path)) {
          if (keep.has(dir)) continue;
          if (manifest.entries.has(dir)) keep.set(dir, { kind: 'parent-of', path });
        }
      }
      return { keep, warnings };
    },
  };
}
