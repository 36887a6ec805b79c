// Splits an image reference into name, tag and digest (no registry knowledge needed for linting).

export interface ImageRefParts {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function splitImageRef(ref: string): ImageRefParts {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const name = (hasTag ? rest.slice(0, colon) : rest).toLowerCase();
  // `FROM img:${UNSET}` leaves a bare colon: no tag.
  const tag = hasTag && colon < rest.length - 1 ? rest.slice(colon + 1) : undefined;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The repository's last path segment: `docker.io/library/node` → `node`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
