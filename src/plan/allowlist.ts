// Default allowlist and never-keep list of the slim image.
import micromatch from 'micromatch';
import { isDockerRuntimePath } from '../image/docker-runtime.js';
import type { ImagePath } from '../types.js';

/**
 * Kept when present. /etc/shadow is left out on purpose: nothing but login/su needs it, and a slim
 * app image should not carry password hashes; include it with --include if an app checks passwords.
 */
export const DEFAULT_ALLOW: readonly string[] = [
  '/etc/passwd', '/etc/group', '/etc/nsswitch.conf', '/etc/localtime',
  '/etc/ca-certificates.conf', '/etc/ssl/certs', '/etc/ssl/certs/**',
  '/usr/share/ca-certificates', '/usr/share/ca-certificates/**',
];

/** /.minify is the sensor; Docker's runtime paths (image/docker-runtime.ts) are Docker's in every container. */
const NEVER = ['/.minify', '/.minify/**'];
const neverMatch = micromatch.matcher(`{${NEVER.join(',')}}`, { dot: true });

export function isNeverKept(path: ImagePath): boolean {
  return isDockerRuntimePath(path) || NEVER.includes(path) || neverMatch(path);
}

export function isRuntimePseudo(path: ImagePath): boolean {
  return /^\/(proc|sys|dev)(\/|$)/.test(path);
}

/** Home dirs of every user in /etc/passwd (field 6), absolute and not "/". */
export function homeDirs(passwd: string | undefined): ImagePath[] {
  if (passwd === undefined) return [];
  const out = new Set<ImagePath>();
  for (const line of passwd.split('\n')) {
    const home = line.split(':')[5];
    if (home?.startsWith('/') && home !== '/') out.add(home.replace(/\/+$/, ''));
  }
  return [...out].sort();
}
