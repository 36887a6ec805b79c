// package-lock.json (v1 `dependencies` tree, v2/v3 `packages` map) → which installed package dirs are dev-only.

export type JsonObject = Record<string, unknown>;

export function parseJsonObject(text: string | undefined): JsonObject | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * Dev flag of each package the lockfile knows, by path relative to the project (`node_modules/a/node_modules/b`).
 * v2/v3: `packages[key].dev === true` is dev-only; `devOptional` packages are installed in production
 * (an optional dependency of a production package), so they count as production. v1: `dependencies`
 * tree with `dev: true`.
 */
export function lockfileDevFlags(lock: JsonObject | undefined): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  if (!lock) return flags;
  const packages = asObject(lock.packages);
  if (packages) {
    for (const [key, meta] of Object.entries(packages)) {
      if (key === '' || !key.includes('node_modules/')) continue;
      flags.set(key, asObject(meta)?.dev === true);
    }
    return flags;
  }
  const walk = (deps: JsonObject | undefined, prefix: string): void => {
    for (const [name, meta] of Object.entries(deps ?? {})) {
      const key = `${prefix}node_modules/${name}`;
      const info = asObject(meta);
      flags.set(key, info?.dev === true);
      walk(asObject(info?.dependencies), `${key}/`);
    }
  };
  walk(asObject(lock.dependencies), '');
  return flags;
}

/** Names in a package.json dependency map (`dependencies`, `optionalDependencies`, ...). */
export function dependencyNames(pkg: JsonObject | undefined, field: string): string[] {
  const deps = asObject(pkg?.[field]);
  return deps ? Object.keys(deps).sort() : [];
}
