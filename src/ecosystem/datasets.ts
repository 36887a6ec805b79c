// Data sets: lookup tables apps read by name at run time (zone files, CA certificates, locales, MIME and magic tables).
import { resolvePath } from '../plan/symlinks.js';
import type { ContainerConfig, ImagePath } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { baseName, parentOf } from './paths.js';
import type { Component, EcosystemInput } from './types.js';

interface DatasetRule {
  readonly id: string;
  readonly name: string;
  readonly roots: readonly ImagePath[];
  /** The config evidence that makes it live, if any. */
  readonly liveBecause?: (env: ReadonlyMap<string, string>) => string | undefined;
}

const RULES: readonly DatasetRule[] = [
  { id: 'data:zoneinfo', name: 'time zones', roots: ['/usr/share/zoneinfo'], liveBecause: (env) => (env.get('TZ') ? 'TZ is set' : undefined) },
  {
    id: 'data:ca-certificates',
    name: 'CA certificates',
    roots: ['/etc/ssl/certs', '/usr/share/ca-certificates', '/usr/local/share/ca-certificates', '/etc/ca-certificates', '/etc/ca-certificates.conf'],
  },
  { id: 'data:mime', name: 'MIME types', roots: ['/etc/mime.types', '/usr/share/mime'] },
  { id: 'data:magic', name: 'file magic', roots: ['/usr/share/misc/magic', '/usr/share/misc/magic.mgc', '/usr/share/file', '/usr/lib/file'] },
  { id: 'data:terminfo', name: 'terminfo', roots: ['/usr/share/terminfo', '/lib/terminfo', '/etc/terminfo'], liveBecause: (env) => (env.get('TERM') ? 'TERM is set' : undefined) },
];
const MESSAGE_DIRS = ['/usr/share/locale', '/usr/local/share/locale'];
const LIBC_LOCALE_DIR = '/usr/lib/locale';
const LOCALE_VARS = /^(?:LANG|LANGUAGE|LC_[A-Z]+)$/;

function envMap(config: ContainerConfig): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of config.Env ?? []) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return env;
}

/** Locales the config names (LANG, LANGUAGE, LC_*), with gettext's fallbacks: `de_DE.UTF-8@euro` → de_DE.UTF-8@euro, de_DE@euro, de_DE, de@euro, de. */
export function localesInUse(config: ContainerConfig): string[] {
  const found = new Set<string>();
  for (const [key, value] of envMap(config)) {
    if (!LOCALE_VARS.test(key)) continue;
    for (const locale of value.split(':')) {
      const m = /^([A-Za-z]+)(_[A-Za-z]+)?(\.[^@]+)?(@.+)?$/.exec(locale);
      if (!m?.[1] || m[1] === 'C' || m[1] === 'POSIX') continue;
      const [lang, territory = '', modifier = ''] = [m[1], m[2], m[4]];
      for (const name of [locale, `${lang}${territory}${modifier}`, `${lang}${territory}`, `${lang}${modifier}`, lang]) found.add(name);
    }
  }
  return [...found];
}

/** glibc's normalised codeset (`UTF-8` → `utf8`), so `C.UTF-8` in the env names `/usr/lib/locale/C.utf8`. */
function normalizeLocale(name: string): string {
  return name.replace(/\.([^@]+)/, (_, codeset: string) => `.${codeset.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}

function envLocaleNames(config: ContainerConfig): Set<string> {
  const names = new Set<string>();
  for (const [key, value] of envMap(config)) if (LOCALE_VARS.test(key)) for (const v of value.split(':')) if (v) names.add(normalizeLocale(v));
  return names;
}

export function readDatasets(input: EcosystemInput): Claim[] {
  const env = envMap(input.config);
  const sets = new Map<string, { rule: Omit<DatasetRule, 'roots' | 'liveBecause'>; live?: string; tie: Claim['tie']; files: ImagePath[] }>();
  const rootOf = new Map<ImagePath, string>();
  for (const rule of RULES) {
    const live = rule.liveBecause?.(env);
    sets.set(rule.id, { rule, ...(live ? { live } : {}), tie: 'down', files: [] });
    for (const root of rule.roots) {
      const real = resolvePath(input.manifest, root);
      if (real.exists) rootOf.set(real.path, rule.id);
    }
  }
  const inUse = new Set(localesInUse(input.config));
  const envLocales = envLocaleNames(input.config);
  const hasRealLocale = [...envLocales].some((l) => l !== 'C' && l !== 'POSIX' && !l.startsWith('C.'));
  for (const [path, entry] of input.manifest.entries) {
    const parent = parentOf(path);
    let id: string | undefined;
    let live: string | undefined;
    if (MESSAGE_DIRS.includes(parent) && entry.type === 'dir') {
      id = `data:locale:${baseName(path)}`;
      live = inUse.has(baseName(path)) ? `locale ${baseName(path)} is in use` : undefined;
    } else if (parent === LIBC_LOCALE_DIR) {
      id = `data:libc-locale:${baseName(path)}`;
      const named = envLocales.has(normalizeLocale(baseName(path))) || (baseName(path) === 'locale-archive' && hasRealLocale);
      live = named ? `locale ${baseName(path)} is in use` : undefined;
    }
    if (id === undefined || sets.has(id)) continue;
    sets.set(id, { rule: { id, name: `locale ${baseName(path)}` }, ...(live ? { live } : {}), tie: 'none', files: [] });
    rootOf.set(path, id);
  }
  for (const path of input.manifest.entries.keys()) {
    for (let dir = path; ; dir = parentOf(dir)) {
      const id = rootOf.get(dir);
      if (id !== undefined) {
        sets.get(id)?.files.push(path);
        break;
      }
      if (dir === '/') break;
    }
  }
  const claims: Claim[] = [];
  for (const { rule, live, tie, files } of sets.values()) {
    if (files.length === 0) continue;
    const component: Component = {
      id: rule.id, kind: 'dataset', name: rule.name, files: files.sort(), dependsOn: [], role: 'data', ...(live ? { liveBecause: live } : {}),
    };
    claims.push({ component, rank: RANK.dataset, tie });
  }
  return claims;
}

