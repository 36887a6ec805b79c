// Which packages (dpkg, npm, Python dists) the slim image holds: what its package DB lists, its SBOM
// names and the summary counts. Pure.
import type { Component } from '../ecosystem/types.js';
import { displayPath } from '../image/paths.js';
import type { Manifest, SlimPlan } from '../types.js';

/** The component kinds a package manager or scanner knows as packages. */
export const PACKAGE_KINDS: ReadonlySet<string> = new Set(['dpkg', 'npm', 'python']);

/** A package of the slim image, with the evidence that kept it. */
export interface KeptPackage {
  readonly component: Component;
  /** The planner's reason (a live component), or the first kept file of a package the plan did not call live. */
  readonly why: string;
}

export interface SlimPackages {
  /** Packages in the source image. */
  readonly source: number;
  /** Packages in the slim image, sorted by id. */
  readonly kept: readonly KeptPackage[];
}

/**
 * A package is kept when the plan says it is live, or when the slim image holds any of its files or
 * symlinks (its dirs are shared with other packages, so they do not count): a scanner must see every
 * package whose code ships, also under `--closure traced` where the plan names no components.
 */
export function keptPackages(input: { readonly components: Iterable<Component>; readonly plan: SlimPlan; readonly manifest: Manifest }): SlimPackages {
  const live = new Map((input.plan.components ?? []).map((component) => [component.id, component.why]));
  let source = 0;
  const kept: KeptPackage[] = [];
  for (const component of input.components) {
    if (!PACKAGE_KINDS.has(component.kind)) continue;
    source += 1;
    const why = live.get(component.id) ?? firstKeptFile(component, input);
    if (why !== undefined) kept.push({ component, why });
  }
  kept.sort((a, b) => (a.component.id < b.component.id ? -1 : a.component.id > b.component.id ? 1 : 0));
  return { source, kept };
}

function firstKeptFile(component: Component, input: { readonly plan: SlimPlan; readonly manifest: Manifest }): string | undefined {
  for (const path of component.files) {
    if (!input.plan.keep.has(path)) continue;
    const type = input.manifest.entries.get(path)?.type;
    if (type !== undefined && type !== 'dir') return `holds kept ${displayPath(path)}`;
  }
  return undefined;
}
