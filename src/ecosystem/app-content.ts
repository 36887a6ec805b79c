// App content: files no package owns (the image's COPY/ADD), grouped into `app:<dir>` components kept whole.
import { junkKindOf } from '../analyze/junk.js';
import type { JunkKind } from '../analyze/report.js';
import type { ImagePath, Manifest } from '../types.js';
import type { NpmProject } from './npm.js';
import { parentOf } from './paths.js';
import type { Component } from './types.js';

/** Hierarchy dirs that hold unrelated things side by side: never one app's root. */
const NEVER_ROOT = new Set([
  '/', '/etc', '/usr', '/usr/local', '/usr/share', '/usr/lib', '/usr/local/lib', '/usr/local/share', '/usr/bin',
  '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin', '/lib', '/lib64', '/var', '/var/lib', '/var/cache',
  '/var/tmp', '/tmp', '/run', '/opt', '/srv', '/home', '/mnt', '/media',
]);
/** Package managers' own state and the runtime's mounts: written by maintainer scripts, never app content. */
const STATE = /^\/(?:var\/lib\/(?:dpkg|apt|ucf|systemd|pam)|var\/cache|var\/log|proc|sys|dev)(?:\/|$)/;
/** What the junk finder calls junk that no app reads at run time (its `docs` and `toolchain` kinds may be served or used). */
const JUNK: ReadonlySet<JunkKind> = new Set(['git', 'coverage', 'npm-cache', 'yarn-cache', 'pip-cache', 'apt-cache', 'apt-lists', 'pycache', 'node-tests', 'tests', 'logs', 'tmp-archive']);

export interface AppContentInput {
  readonly manifest: Manifest;
  /** Paths the other readers' components own, after carving. */
  readonly owned: ReadonlySet<ImagePath>;
  /** Directories a package lists (dpkg's, shared ones included) or a component owns. */
  readonly packageDirs: ReadonlySet<ImagePath>;
  /** Package-manager metadata of other components (never app content). */
  readonly metadata: ReadonlySet<ImagePath>;
  /** npm projects: their dirs are roots too, and give the component its name, version and dependencies. */
  readonly projects: readonly NpmProject[];
}

function isCandidate(path: ImagePath, isDir: boolean, input: AppContentInput): boolean {
  if (input.owned.has(path) || input.metadata.has(path) || STATE.test(path)) return false;
  if (path.includes('/node_modules/') || path.endsWith('/node_modules')) return false;
  // A dir is junk when what it holds is (`/app/.git`, `/app/coverage`).
  const kind = junkKindOf(isDir ? `${path}/` : path);
  return kind === undefined || !JUNK.has(kind);
}

/**
 * The root of a dir's unowned files: the deepest package dir on its path when that dir holds no
 * package-owned files itself (a web root whose placeholder was removed), else the topmost non-package
 * dir below it. Hierarchy dirs (NEVER_ROOT) are skipped downward; a dir holding package files never
 * roots; a dir whose only entry is the next dir down hands the root to it.
 */
interface Shape {
  readonly dirsWithOwnedFiles: ReadonlySet<ImagePath>;
  /** Entries directly in each dir. */
  readonly children: ReadonlyMap<ImagePath, number>;
}

function rootFor(dir: ImagePath, input: AppContentInput, shape: Shape): ImagePath | undefined {
  const { dirsWithOwnedFiles } = shape;
  const chain: ImagePath[] = [];
  let deepest = dir;
  while (deepest !== '/' && !input.packageDirs.has(deepest)) {
    chain.push(deepest);
    deepest = parentOf(deepest);
  }
  // A package dir that holds no package files itself (a web root whose placeholder was removed) roots what lies below it.
  if (!NEVER_ROOT.has(deepest) && !dirsWithOwnedFiles.has(deepest)) return deepest;
  for (let i = chain.length - 1; i >= 0; i--) {
    const candidate = chain[i] as ImagePath;
    if (NEVER_ROOT.has(candidate) || dirsWithOwnedFiles.has(candidate)) continue;
    // A dir holding nothing but the next dir down (`/var/www` → `html`) roots at that dir.
    let root = i;
    while (root > 0 && shape.children.get(chain[root] as ImagePath) === 1) root--;
    return chain[root];
  }
  return undefined;
}

export function readAppContent(input: AppContentInput): Component[] {
  const dirsWithOwnedFiles = new Set<ImagePath>();
  for (const path of input.owned) {
    if (input.manifest.entries.get(path)?.type !== 'dir') dirsWithOwnedFiles.add(parentOf(path));
  }
  const children = new Map<ImagePath, number>();
  for (const path of input.manifest.entries.keys()) children.set(parentOf(path), (children.get(parentOf(path)) ?? 0) + 1);
  const shape: Shape = { dirsWithOwnedFiles, children };
  // A project in a hierarchy dir (WORKDIR /) is no root: its component holds just its package.json and lockfiles.
  const roots = new Map<ImagePath, NpmProject | undefined>(input.projects.filter((p) => !NEVER_ROOT.has(p.dir)).map((p) => [p.dir, p]));
  const rootByDir = new Map<ImagePath, ImagePath | undefined>();
  const candidates = new Set<ImagePath>();
  for (const [path, entry] of input.manifest.entries) {
    if (isCandidate(path, entry.type === 'dir', input)) candidates.add(path);
  }
  for (const path of candidates) {
    const type = input.manifest.entries.get(path)?.type;
    if (type !== 'file' && type !== 'hardlink') continue;
    const dir = parentOf(path);
    if (!rootByDir.has(dir)) rootByDir.set(dir, rootFor(dir, input, shape));
    const root = rootByDir.get(dir);
    if (root !== undefined && !roots.has(root)) roots.set(root, undefined);
  }

  const members = new Map<ImagePath, ImagePath[]>([...roots.keys()].map((r) => [r, []]));
  const nearestRoot = new Map<ImagePath, ImagePath | undefined>();
  const rootOfDir = (dir: ImagePath): ImagePath | undefined => {
    if (nearestRoot.has(dir)) return nearestRoot.get(dir);
    const found = roots.has(dir) ? dir : dir === '/' ? undefined : rootOfDir(parentOf(dir));
    nearestRoot.set(dir, found);
    return found;
  };
  for (const path of candidates) {
    const root = roots.has(path) ? path : rootOfDir(parentOf(path));
    if (root !== undefined) members.get(root)?.push(path);
  }
  const projects = new Map(roots);
  for (const project of input.projects) {
    if (!NEVER_ROOT.has(project.dir)) continue;
    projects.set(project.dir, project);
    members.set(project.dir, project.metadata.filter((m) => !input.owned.has(m) && input.manifest.entries.has(m)));
  }

  const components: Component[] = [];
  for (const [root, files] of [...members].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (files.length === 0) continue;
    const project = projects.get(root);
    components.push({
      id: `app:${root}`,
      kind: 'app',
      name: project?.name ?? root,
      ...(project?.version ? { version: project.version } : {}),
      ...(project?.purl ? { purl: project.purl } : {}),
      files: files.sort(),
      dependsOn: project?.dependsOn ?? [],
      role: 'runtime',
      ...(project ? { metadata: project.metadata } : {}),
    });
  }
  return components;
}
