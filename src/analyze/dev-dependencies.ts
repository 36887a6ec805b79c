// devDependencies left in node_modules: the npm components the ecosystem reader gives role `dev`
// (the same ones `minify run` drops), sized and grouped per project.
import { dependencyNames, parseJsonObject } from '../ecosystem/npm-lockfile.js';
import { joinPath, parentOf } from '../ecosystem/paths.js';
import type { Component } from '../ecosystem/types.js';
import type { ImagePath } from '../types.js';
import type { DirTotals } from './dir-sizes.js';
import type { JunkFinding } from './report.js';

const SUGGESTION = 'install production deps only: npm ci --omit=dev (or prune in a build stage)';
const MODULES = '/node_modules/';

/** A package's dir is the one holding the package.json the npm reader read it from. */
function packageDir(component: Component): ImagePath | undefined {
  const manifest = component.metadata?.find((path) => path.endsWith('/package.json'));
  return manifest === undefined ? undefined : parentOf(manifest);
}

/** The project whose node_modules tree holds `dir` (the reader flags dev packages per project). */
function projectOf(dir: ImagePath): ImagePath {
  return dir.indexOf(MODULES) <= 0 ? '/' : dir.slice(0, dir.indexOf(MODULES));
}

/**
 * One finding per direct devDependency (named in the project's package.json) that the reader calls
 * dev, plus one per project for its other dev-only packages; a package inside a counted one (its
 * nested node_modules) is counted with it, once.
 */
export function findDevDependencies(
  components: Iterable<Component>,
  textFiles: ReadonlyMap<ImagePath, string>,
  dirs: ReadonlyMap<ImagePath, DirTotals>,
): { findings: JunkFinding[]; dirs: Set<ImagePath>; bytes: number } {
  const byProject = new Map<ImagePath, ImagePath[]>();
  for (const component of components) {
    if (component.kind !== 'npm' || component.role !== 'dev') continue;
    const dir = packageDir(component);
    if (dir === undefined || !dirs.has(dir)) continue;
    const project = projectOf(dir);
    byProject.set(project, [...(byProject.get(project) ?? []), dir]);
  }

  const findings: JunkFinding[] = [];
  const claimed = new Set<ImagePath>();
  let claimedBytes = 0;
  const isCounted = (dir: ImagePath): boolean => {
    for (let d = dir; d !== '/'; d = parentOf(d)) if (claimed.has(d)) return true;
    return false;
  };
  for (const [project, devDirs] of [...byProject].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const modules = joinPath(project, 'node_modules');
    const dev = new Set(devDirs);
    const direct = dependencyNames(parseJsonObject(textFiles.get(joinPath(project, 'package.json'))), 'devDependencies')
      .map((name) => joinPath(modules, name))
      .filter((dir) => dev.has(dir));
    for (const dir of direct) {
      const totals = dirs.get(dir);
      if (!totals || isCounted(dir)) continue;
      claimed.add(dir);
      claimedBytes += totals.bytes;
      findings.push({ kind: 'dev-dependency', path: dir, bytes: totals.bytes, files: totals.files, suggestion: SUGGESTION });
    }

    let bytes = 0;
    let files = 0;
    let packages = 0;
    // Parents before their nested packages, so a nested one is found inside its counted parent.
    for (const dir of devDirs.sort()) {
      const totals = dirs.get(dir);
      if (!totals || isCounted(dir)) continue;
      claimed.add(dir);
      claimedBytes += totals.bytes;
      bytes += totals.bytes;
      files += totals.files;
      packages++;
    }
    if (packages > 0) {
      findings.push({
        kind: 'dev-dependency',
        path: joinPath(modules, '*'),
        bytes,
        files,
        suggestion: `${packages} more dev-only packages (lockfile dev: true, or needed by no production dependency); ${SUGGESTION}`,
      });
    }
  }
  return { findings, dirs: claimed, bytes: claimedBytes };
}
