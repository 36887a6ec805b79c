// Which small text files the readers need captured while the image's layers stream by.
import type { ImagePath } from '../types.js';
import { DPKG_INFO_DIR, DPKG_STATUS } from './dpkg.js';
import { baseName, parentOf } from './paths.js';

const TEXT_LIMIT = 4 << 20;
/** The package DB and lockfiles of big trees run to tens of MB; still text, still needed whole. */
const DB_LIMIT = 64 << 20;
const NPM_FILES = new Set(['package.json']);
const NPM_LOCKS = new Set(['package-lock.json', 'npm-shrinkwrap.json', '.package-lock.json']);
const DIST_FILES = /\.(?:dist|egg)-info\/(?:RECORD|METADATA|PKG-INFO|top_level\.txt|requires\.txt|installed-files\.txt)$/;
const SITE_DIR = /\/(?:site|dist)-packages$/;

/** The dynamic loader's config (module-dirs.ts tells loader dirs from module dirs with it). */
export function isLoaderConfig(path: ImagePath): boolean {
  return path === '/etc/ld.so.conf' || (path.startsWith('/etc/ld.so.conf.d/') && path.endsWith('.conf'));
}

export function wantsText(path: ImagePath, size: number): boolean {
  if (path === DPKG_STATUS) return size <= DB_LIMIT;
  const base = baseName(path);
  if (NPM_LOCKS.has(base)) return size <= DB_LIMIT;
  if (size > TEXT_LIMIT) return false;
  if (path.startsWith(`${DPKG_INFO_DIR}/`)) return base.endsWith('.list') || base.endsWith('.md5sums');
  if (NPM_FILES.has(base) || DIST_FILES.test(path) || isLoaderConfig(path)) return true;
  // An egg-info may be a single PKG-INFO-style file in the site dir.
  return base.endsWith('.egg-info') && SITE_DIR.test(parentOf(path));
}
