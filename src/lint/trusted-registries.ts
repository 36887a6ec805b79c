// hadolint's trustedRegistries (DL3026): with a list configured, every base image must come from
// one of those registries (an image without a registry host is from docker.io).
import type { Dockerfile } from './ast.js';
import type { Finding } from './rule.js';

export const TRUSTED_REGISTRY_CODE = 'MF120';

/** The registry host of an image name: the first segment when it looks like a host, else docker.io. */
export function registryOf(name: string): string {
  const first = name.split('/')[0] ?? '';
  return name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

export function trustedRegistryFindings(dockerfile: Dockerfile, trusted: readonly string[]): Finding[] {
  if (trusted.length === 0) return [];
  const allowed = new Set(trusted.map((host) => host.toLowerCase()));
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    if (stage.base.kind !== 'image') continue;
    const registry = registryOf(stage.base.name);
    if (allowed.has(registry) || (registry === 'docker.io' && allowed.has('index.docker.io'))) continue;
    findings.push({
      file: dockerfile.file,
      line: stage.from.line,
      column: stage.from.column,
      code: TRUSTED_REGISTRY_CODE,
      level: 'warning',
      message: `base image ${stage.image} comes from ${registry}, which is not a trusted registry (hadolint DL3026)`,
      hint: `use an image from ${[...allowed].join(', ')}, or add ${registry} to trustedRegistries`,
    });
  }
  return findings;
}
