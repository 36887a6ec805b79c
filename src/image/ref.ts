// Parses and formats Docker image references (`[registry/]repo[:tag][@sha256:hex]`) by Docker's rules.
import { UsageError } from '../errors.js';
import type { ImageRef } from '../types.js';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

function bad(text: string, why: string): never {
  throw new UsageError(`invalid image reference "${text}": ${why}`, 'use NAME[:TAG] or NAME@sha256:DIGEST, e.g. myapp:1.4');
}

/** Parses `name`, `name:tag`, `host:5000/a/b:tag`, `name@sha256:…`, `name:tag@sha256:…`. */
export function parseImageRef(text: string): ImageRef {
  if (text.length === 0 || text.length > 255 + 150) bad(text, 'empty or too long');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad(text, 'digest must be sha256:<64 lowercase hex>');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(text, `bad tag "${tag}"`);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!HOST.test(first)) bad(text, `bad registry host "${first}"`);
    registry = first;
    parts.shift();
  }
  if (parts.length === 0) bad(text, 'missing repository');
  for (const part of parts) {
    if (!COMPONENT.test(part)) bad(text, `bad repository component "${part}" (lowercase letters, digits, . _ -)`);
  }
  const repository = parts.join('/');
  if (repository.length > 255) bad(text, 'repository name too long');
  return {
    original: text,
    ...(registry !== undefined ? { registry } : {}),
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `registry/repo` (or just `repo`): the name part that a tag is added to. */
export function repositoryName(ref: ImageRef): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/** Formats a ref back to text (registry/repo:tag@digest). */
export function formatImageRef(ref: ImageRef): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `app:1.4` + `slim` → `app:1.4-slim`; no tag → `app:latest-slim`; digest only → `app:slim`. */
export function derivedTag(ref: ImageRef, suffix: string): string {
  let tag: string;
  if (ref.tag) tag = `${ref.tag}-${suffix}`;
  else if (ref.digest) tag = suffix;
  else tag = `latest-${suffix}`;
  // A tag may not exceed 128 chars: trim the source tag, keep the suffix.
  if (tag.length > 128) tag = `${tag.slice(0, 127 - suffix.length)}-${suffix}`;
  return `${repositoryName(ref)}:${tag}`;
}

const IMAGE_ID = /^(?:sha256:[a-f0-9]{1,64}|[a-f0-9]{12,64})$/;

/**
 * Checks a source image argument before any engine call: an image id (`sha256:…` or 12+ hex
 * digits) or a reference Docker accepts. Throws a UsageError (exit 2) naming what is wrong.
 */
export function checkImageArgument(text: string): void {
  if (IMAGE_ID.test(text)) return;
  parseImageRef(text);
}
