// Carving: each path goes to the most specific claim, and carved components are tied to what they took from.
import type { ImagePath } from '../types.js';
import type { Claim } from './claim.js';
import type { Component } from './types.js';

/** Kinds whose component means nothing once carving leaves it without files. */
const DROP_WHEN_EMPTY = new Set(['module-dir', 'dataset', 'python-stdlib', 'app']);

export interface Carved {
  readonly components: readonly Component[];
  readonly owner: ReadonlyMap<ImagePath, Component>;
}

/**
 * Higher rank wins a path; within a rank the later claim wins (readers list nested claims after
 * their parents). A carved component records what it took paths from (`carvedFrom`), and its
 * `tie` says which way dependsOn edges join them.
 */
export function carve(claims: readonly Claim[]): Carved {
  const order = claims.map((c, i) => ({ c, i })).sort((a, b) => a.c.rank - b.c.rank || a.i - b.i);
  const ownerIndex = new Map<ImagePath, number>();
  const sources = new Map<number, Set<number>>();
  for (const { c, i } of order) {
    for (const path of c.component.files) {
      const previous = ownerIndex.get(path);
      if (previous !== undefined && previous !== i) {
        const from = sources.get(i) ?? new Set<number>();
        from.add(previous);
        sources.set(i, from);
      }
      ownerIndex.set(path, i);
    }
  }
  const files = claims.map((): ImagePath[] => []);
  for (const [path, i] of ownerIndex) files[i]?.push(path);
  // A module dir of files no package ships is the app's own (app content keeps it with the rest of the app).
  const kept = claims.map(
    (c, i) => (!DROP_WHEN_EMPTY.has(c.component.kind) || (files[i]?.length ?? 0) > 0) && (c.component.kind !== 'module-dir' || sources.has(i)),
  );
  const extraDeps = claims.map(() => new Set<string>());
  const carvedFrom = claims.map(() => new Set<string>());
  for (const [i, from] of sources) {
    if (!kept[i]) continue;
    for (const s of from) {
      if (!kept[s]) continue;
      const carved = claims[i] as Claim;
      const source = claims[s] as Claim;
      carvedFrom[i]?.add(source.component.id);
      if (carved.tie === 'both' || carved.tie === 'up') extraDeps[i]?.add(source.component.id);
      if (carved.tie === 'both' || carved.tie === 'down') extraDeps[s]?.add(carved.component.id);
    }
  }
  const roleOf = new Map(claims.map((c) => [c.component.id, c.component.role]));
  const components: Component[] = [];
  const owner = new Map<ImagePath, Component>();
  claims.forEach((claim, i) => {
    if (!kept[i]) return;
    const extra = extraDeps[i] ?? new Set<string>();
    const dependsOn = extra.size === 0 ? claim.component.dependsOn : [...new Set([...claim.component.dependsOn, ...extra])].sort();
    const from = [...(carvedFrom[i] ?? [])].sort();
    // A module dir only build tools ship (gcc's plugin dir) is a build tool too.
    const devOnly = claim.component.kind === 'module-dir' && from.length > 0 && from.every((id) => roleOf.get(id) === 'dev');
    const component: Component = {
      ...claim.component,
      files: (files[i] ?? []).sort(),
      dependsOn,
      ...(devOnly ? { role: 'dev' as const } : {}),
      ...(from.length > 0 ? { carvedFrom: from } : {}),
    };
    components.push(component);
    for (const path of component.files) owner.set(path, component);
  });
  return { components, owner };
}
