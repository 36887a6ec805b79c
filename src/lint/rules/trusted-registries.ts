// MF120, hadolint's trustedRegistries (DL3026): with a list configured, every base image must come
// from one of those registries (an image without a registry host is from docker.io).
import type { Rule, RuleHit } from '../rule.js';

/** The registry host of an image name: the first segment when it looks like a host, else docker.io. */
export function registryOf(name: string): string {
  const first = name.split('/')[0] ?? '';
  return name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

export const trustedRegistries: Rule = {
  id: 'MF120',
  severity: 'warning',
  name: 'untrusted-registry',
  description: 'With trustedRegistries configured, a base image comes from a registry not on the list (hadolint DL3026).',
  hadolint: ['DL3026'],
  message: 'base image from a registry that is not trusted',
  hint: 'use an image from a trusted registry, or add its registry to trustedRegistries',
  check({ dockerfile, trustedRegistries: trusted }) {
    if (trusted.length === 0) return [];
    const allowed = new Set(trusted.map((host) => host.toLowerCase()));
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      if (stage.base.kind !== 'image') continue;
      const registry = registryOf(stage.base.name);
      if (allowed.has(registry) || (registry === 'docker.io' && allowed.has('index.docker.io'))) continue;
      hits.push({
        instruction: stage.from,
        message: `base image ${stage.image} comes from ${registry}, which is not a trusted registry (hadolint DL3026)`,
        hint: `use an image from ${[...allowed].join(', ')}, or add ${registry} to trustedRegistries`,
      });
    }
    return hits;
  },
};
