// Recognizers for package-manager commands the size rules care about.
import { hasWord, operands, subcommandIndex } from './shell.js';

type Words = readonly string[];

export const isAptGet = (c: Words) => c[0] === 'apt-get' || c[0] === 'apt';
export const isAptInstall = (c: Words) => isAptGet(c) && subcommandIndex(c, ['install']) > 0;
export const isAptUpgrade = (c: Words) => isAptGet(c) && subcommandIndex(c, ['upgrade', 'dist-upgrade', 'full-upgrade']) > 0;

/** Packages named by apt-get/apk/yum/dnf/microdnf install. */
export function installedPackages(c: Words): string[] {
  const sub = isAptGet(c) || ['yum', 'dnf', 'microdnf'].includes(c[0] ?? '')
    ? subcommandIndex(c, ['install'])
    : c[0] === 'apk' ? subcommandIndex(c, ['add']) : -1;
  return sub > 0 ? operands(c, sub + 1) : [];
}

export interface NpmInstall {
  readonly ci: boolean;
  /** Named packages (`npm install express`): adding a dependency, not installing the lockfile. */
  readonly packages: readonly string[];
  readonly omitsDev: boolean;
}

export function npmInstall(c: Words): NpmInstall | undefined {
  if (c[0] !== 'npm') return undefined;
  const sub = subcommandIndex(c, ['install', 'i', 'ci', 'clean-install', 'add']);
  if (sub < 0) return undefined;
  const verb = c[sub];
  const omitsDev = c.some((w) => /^--(omit=dev|production|only=prod(uction)?)$/.test(w) || w === '--omit');
  return { ci: verb === 'ci' || verb === 'clean-install', packages: operands(c, sub + 1), omitsDev };
}

export function yarnInstall(c: Words): { omitsDev: boolean } | undefined {
  if (c[0] !== 'yarn') return undefined;
  const sub = c.slice(1).find((w) => !w.startsWith('-'));
  if (sub !== undefined && sub !== 'install') return undefined;
  return { omitsDev: hasWord(c, '--production', '--prod') };
}

export function pnpmInstall(c: Words): { omitsDev: boolean } | undefined {
  if (c[0] !== 'pnpm' || subcommandIndex(c, ['install', 'i']) < 0) return undefined;
  return { omitsDev: hasWord(c, '--prod', '-P', '--production') };
}

export const isPnpmInstall = (c: Words) => pnpmInstall(c) !== undefined;

const isPip = (w: string | undefined) => w !== undefined && /^pip[0-9.]*$/.test(w);

/** `pip install ...` also as `python -m pip install ...`; returns the words after `install`. */
export function pipInstall(c: Words): string[] | undefined {
  let start = 0;
  if (/^python[0-9.]*$/.test(c[0] ?? '') && c[1] === '-m' && isPip(c[2])) start = 2;
  else if (!isPip(c[0])) return undefined;
  const rest = c.slice(start);
  const sub = subcommandIndex(rest, ['install']);
  return sub > 0 ? rest.slice(sub + 1) : undefined;
}

/** Dependency installs that should run before the source is copied in. */
export function isDependencyInstall(c: Words): boolean {
  const npm = npmInstall(c);
  if (npm) return npm.packages.length === 0;
  if (yarnInstall(c) || isPnpmInstall(c)) return true;
  const pip = pipInstall(c);
  if (pip) return pip.some((w, i) => (w === '-r' || w === '--requirement') && i + 1 < pip.length) || pip.some((w) => /^(-r|--requirement=)\S/.test(w));
  if (c[0] === 'go' && c[1] === 'mod' && c[2] === 'download') return true;
  if ((c[0] === 'bundle' || c[0] === 'composer' || c[0] === 'poetry') && subcommandIndex(c, ['install']) > 0) return true;
  return false;
}

const BUILD_TOOLS = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'make', 'cmake', 'clang', 'autoconf', 'automake',
  'libtool', 'pkg-config', 'pkgconf', 'gcc-c++', 'musl-dev', 'linux-headers',
]);

/** Build tools and headers among installed packages (`gcc`, `libssl-dev`, `openssl-devel`). */
export function buildTools(packages: readonly string[]): string[] {
  return packages.filter((p) => {
    const name = p.replace(/[=<>].*$/, '');
    return BUILD_TOOLS.has(name) || /-(dev|devel)$/.test(name);
  });
}

/** Dev requirements in a pip install: `-r requirements-dev.txt`, `.[dev]`, `-e .[test]`. */
export function pipDevRequirements(args: readonly string[]): boolean {
  return args.some((w) => /(^|[/_-])(dev|test|tests|develop)[^/]*\.(txt|in)$/.test(w) || /\[[^\]]*\b(dev|test|tests)\b[^\]]*\]$/.test(w));
}
