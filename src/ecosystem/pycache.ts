// Python's __pycache__: compiled files made at install time (py3compile, pip) belong with their module's owner.
import type { ImagePath, Manifest } from '../types.js';
import { baseName, joinPath, parentOf } from './paths.js';
import type { Component } from './types.js';

/** Gives each unowned `dir/__pycache__/mod.*.pyc` (and the `__pycache__` dir) to the owner of `dir/mod.py`. */
export function attachPycache(manifest: Manifest, owner: Map<ImagePath, Component>): void {
  for (const [path, entry] of manifest.entries) {
    if (owner.has(path) || entry.type === 'dir' || !path.endsWith('.pyc')) continue;
    const cacheDir = parentOf(path);
    if (baseName(cacheDir) !== '__pycache__') continue;
    const base = baseName(path);
    const module = base.slice(0, base.indexOf('.'));
    const source = owner.get(joinPath(parentOf(cacheDir), `${module}.py`));
    if (!source) continue;
    owner.set(path, source);
    if (!owner.has(cacheDir)) owner.set(cacheDir, source);
  }
}
