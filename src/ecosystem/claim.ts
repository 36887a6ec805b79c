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
   * How a carved component is tied to the components it took paths from:
   * `both` — each depends on the other (a Debian package's Python dist, tzdata's zoneinfo: one is live with the other);
   * `up` — only the carved one depends on its source (a module dir, an optional stdlib part, a locale:
   * they are live only when traced or named by the config).
   */
  readonly tie: 'both' | 'up';
}
