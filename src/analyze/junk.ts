// Junk finder: the leftovers people look for by hand in a bloated image (caches, VCS, docs, toolchains...).
import type { Component } from '../ecosystem/types.js';
import type { ImagePath, Manifest } from '../types.js';
import type { DirTotals } from './dir-sizes.js';
import { findDevDependencies } from './dev-dependencies.js';
import { countedBytes } from './hard-links.js';
import type { JunkFinding, JunkKind } from './report.js';

interface JunkRule {
  readonly kind: JunkKind;
  /** The group a file belongs to (a dir, a file, or a path with a glob segment), or undefined. */
  readonly group: (path: ImagePath) => ImagePath | undefined;
  readonly suggestion: string;
}

const HOME = String.raw`(?:/root|/home/[^/]+)`;

function prefixRule(kind: JunkKind, pattern: RegExp, suggestion: string): JunkRule {
  return { kind, suggestion, group: (path) => pattern.exec(path)?.[1] };
}

const TOOLCHAIN_BIN = /^\/usr\/(?:local\/)?bin\/(?:gcc|g\+\+|cc|c\+\+|cpp|c89|c99|ld|ld\.bfd|ld\.gold|as|make|clang[\w.+-]*|(?:gcc|g\+\+|cpp)-[\d.]+|[\w-]+-linux-gnu-(?:gcc|g\+\+|cpp|ld|as)[\w.-]*)$/;
const BUILD_STAGE = 'build in a separate stage and COPY only the artefacts (multi-stage build), or purge build-essential/*-dev in the same RUN';

/** In order: the first rule that claims a file wins, so findings never overlap. */
const RULES: readonly JunkRule[] = [
  prefixRule('git', /^(.*?\/\.git)\//, 'add .git to .dockerignore'),
  prefixRule('npm-cache', new RegExp(`^(${HOME}/\\.npm)/`), 'run `npm cache clean --force` in the same RUN, or use RUN --mount=type=cache,target=/root/.npm'),
  prefixRule('yarn-cache', new RegExp(`^(/usr/local/share/\\.cache/yarn|${HOME}/\\.cache/yarn|${HOME}/\\.yarn/cache)/`), 'run `yarn cache clean` in the same RUN, or use a cache mount'),
  prefixRule('pip-cache', new RegExp(`^(${HOME}/\\.cache/pip)/`), 'use `pip install --no-cache-dir` (or PIP_NO_CACHE_DIR=1)'),
  prefixRule('apt-cache', /^(\/var\/cache\/apt)\//, 'run `apt-get clean` in the same RUN as apt-get install'),
  prefixRule('apt-lists', /^(\/var\/lib\/apt\/lists)\//, 'add `&& rm -rf /var/lib/apt/lists/*` to the RUN that calls apt-get update'),
  prefixRule('coverage', /^(?!\/usr\/)(.*?\/(?:coverage|\.nyc_output))\//, 'add coverage/ and .nyc_output/ to .dockerignore; run tests in a build stage'),
  {
    kind: 'node-tests',
    suggestion: 'prune test dirs from node_modules (e.g. `npm prune --omit=dev` plus a cleanup step), or copy only what runs',
    group: (path) => {
      const m = /^(.*?\/node_modules)\/(?:.*\/)?(test|tests|__tests__)\//.exec(path);
      return m ? `${m[1]}/*/${m[2]}` : undefined;
    },
  },
  {
    kind: 'tests',
    suggestion: 'keep tests out of the runtime image: .dockerignore them, or COPY only the app dirs',
    // The app's own test/spec dirs, outside the system tree; Python packages' tests grouped per site dir.
    group: (path) => {
      const site = /^(.*?\/(?:site-packages|dist-packages))\/[^/]+\/(tests?)\//.exec(path);
      if (site) return `${site[1]}/*/${site[2]}`;
      if (/^\/(?:usr|lib\w*|bin|sbin|etc|var|proc|sys|dev)\//.test(path) || path.includes('/node_modules/')) return undefined;
      return /^(.*?\/(?:test|tests|__tests__|spec))\//.exec(path)?.[1];
    },
  },
  {
    kind: 'docs',
    suggestion: 'keep project docs out of the runtime image (.dockerignore), unless the app serves them',
    group: (path) => {
      if (/^\/(?:usr|lib\w*|bin|sbin|etc|var|proc|sys|dev)\//.test(path) || path.includes('/node_modules/')) return undefined;
      return /^(.*?\/docs)\//.exec(path)?.[1];
    },
  },
  {
    kind: 'pycache',
    suggestion: 'set PYTHONDONTWRITEBYTECODE=1 while installing, or accept the start-up cost',
    group: (path) => {
      if (!path.includes('/__pycache__/')) return undefined;
      const site = /^(.*?\/(?:site-packages|dist-packages))\//.exec(path) ?? /^(.*?\/lib\/python[\d.]+)\//.exec(path);
      return site ? site[1] : path.slice(0, path.indexOf('/__pycache__/') + '/__pycache__'.length);
    },
  },
  prefixRule('docs', /^(\/usr(?:\/local)?\/share\/(?:doc|man|info))\//, 'drop docs: dpkg path-exclude for /usr/share/doc, man and info, or rm -rf them in the same RUN'),
  prefixRule('toolchain', /^(\/usr\/(?:lib|libexec)\/gcc)\//, BUILD_STAGE),
  prefixRule('toolchain', /^(\/usr\/(?:local\/)?include)\//, `headers of *-dev packages; ${BUILD_STAGE}`),
  { kind: 'toolchain', suggestion: BUILD_STAGE, group: (path) => (TOOLCHAIN_BIN.test(path) ? path : undefined) },
  {
    kind: 'toolchain',
    suggestion: `static libraries are only for linking; ${BUILD_STAGE}`,
    group: (path) => (/^\/usr\/lib\/[^/]+-linux-gnu\/[^/]+\.a$/.test(path) ? path.replace(/[^/]+$/, '*.a') : undefined),
  },
  prefixRule('logs', /^(\/var\/log)\//, 'truncate logs in the same RUN that writes them; log to stdout at run time'),
  {
    kind: 'logs',
    suggestion: 'do not ship log files; remove them in the same RUN that writes them',
    group: (path) => (/\.log$|\/npm-debug\.log\.\d+$/.test(path) && !path.startsWith('/proc/') ? path : undefined),
  },
  {
    kind: 'tmp-archive',
    suggestion: 'remove downloaded archives in the same RUN that unpacks them',
    group: (path) => (/^\/(?:var\/)?tmp\/.*\.(?:tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2|tar\.zst|zip|deb|rpm|whl|gz|xz)$/.test(path) ? path : undefined),
  },
];

/** The kind of junk `path` is by itself (dev dependencies aside), if any: the first rule that claims it. */
export function junkKindOf(path: ImagePath): JunkKind | undefined {
  return RULES.find((rule) => rule.group(path) !== undefined)?.kind;
}

function isUnder(path: ImagePath, dirs: ReadonlySet<ImagePath>): boolean {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    if (dirs.has(path.slice(0, slash))) return true;
  }
  return false;
}

export interface JunkResult {
  /** Biggest first. */
  readonly findings: readonly JunkFinding[];
  /** Bytes of the files any finding covers, each counted once. */
  readonly bytes: number;
}

export function findJunk(opts: {
  readonly manifest: Manifest;
  readonly dirs: ReadonlyMap<ImagePath, DirTotals>;
  /** The image's components (ecosystem readComponents): npm packages with role `dev` are junk. */
  readonly components: Iterable<Component>;
  /** The captured text files the components were read from (projects' package.json). */
  readonly textFiles: ReadonlyMap<ImagePath, string>;
}): JunkResult {
  const dev = findDevDependencies(opts.components, opts.textFiles, opts.dirs);
  const groups = new Map<string, { kind: JunkKind; path: ImagePath; bytes: number; files: number; suggestion: string }>();
  let bytes = dev.bytes;
  const bytesOf = countedBytes(opts.manifest);
  for (const [path, entry] of opts.manifest.entries) {
    if (entry.type === 'dir' || isUnder(path, dev.dirs)) continue;
    for (const rule of RULES) {
      const group = rule.group(path);
      if (group === undefined) continue;
      const key = `${rule.kind}\0${group}`;
      const found = groups.get(key) ?? { kind: rule.kind, path: group, bytes: 0, files: 0, suggestion: rule.suggestion };
      found.bytes += bytesOf(path, entry);
      found.files++;
      groups.set(key, found);
      bytes += bytesOf(path, entry);
      break;
    }
  }
  const findings = [...dev.findings, ...groups.values()]
    .filter((f) => f.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { findings, bytes };
}
