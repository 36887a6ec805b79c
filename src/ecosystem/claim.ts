// What a reader hands the index before carving: a component and how it relates to what it carves from.
import type { Component } from './types.js';

/**
 * Carving precedence: a path claimed by several readers goes to the claim with the highest rank
 * (dpkg is the broadest, a package manager's own package the most specific).
 */
export const RANK = { dpkg: 0, 'module-dir': 1, dataset: 2, 'python-stdlib': 3, python: 4, npm: 5 } as const;

export interface Claim {
  readonly component: Component;
  readonly rank: number;
  /**
   * How a carved component's liveness is tied to the components it took paths from (dependsOn edges):
   * `both` — each depends on the other (a Debian package's Python dist or node package: one is live with the other);
   * `up` — the carved one depends on its source (a module dir, an optional stdlib part: live only when traced);
   * `down` — the source depends on it (tzdata's zoneinfo: live with the package, or by itself without pulling the package's Depends);
   * `none` — no edge (a locale's translations, carved from every package that ships some).
   * `carvedFrom` records the source either way.
   */
  readonly tie: 'both' | 'up' | 'down' | 'none';
}
