// devDependencies left in node_modules: direct ones from package.json, transitive dev-only ones from package-lock.json.
import { dependencyNames, lockfileDevFlags, parseJsonObject } from '../ecosystem/npm-lockfile.js';
import type { ImagePath } from '../types.js';
import type { DirTotals } from './dir-sizes.js';
import { parentDir } from './dir-sizes.js';
import type { JunkFinding } from './report.js';

const join = (dir: ImagePath, rel: string) => (dir === '/' ? `/${rel}` : `${dir}/${rel}`);
const SUGGESTION = 'install production deps only: npm ci --omit=dev (or prune in a build stage)';

/** Dirs (relative to the project) the lockfile flags dev-only: v1 `dependencies` tree or v2/v3 `packages` (ecosystem/npm-lockfile.ts). */
function lockDevDirs(lockText: string | undefined): string[] {
  return [...lockfileDevFlags(parseJsonObject(lockText))].filter(([, dev]) => dev).map(([key]) => key);
}

/**
 * One finding per direct devDependency present in `<project>/node_modules`, plus one for the
 * transitive dev-only packages the lockfile knows (nested ones are inside their parents, so only
 * packages outside any counted dir are added).
 */
export function findDevDependencies(
  packageJsons: ReadonlyMap<ImagePath, string>,
  dirs: ReadonlyMap<ImagePath, DirTotals>,
): { findings: JunkFinding[]; dirs: Set<ImagePath>; bytes: number } {
  const findings: JunkFinding[] = [];
  const claimed = new Set<ImagePath>();
  let claimedBytes = 0;
  for (const [file, text] of packageJsons) {
    if (!file.endsWith('/package.json')) continue;
    const project = parentDir(file);
    // Distro-packaged node modules (Debian's /usr/share/nodejs) are not the app's to prune.
    if (/^\/usr\/(?:share|lib)\//.test(project)) continue;
    const modules = join(project, 'node_modules');
    if (!dirs.has(modules)) continue;
    const direct = dependencyNames(parseJsonObject(text), 'devDependencies');
    const counted: string[] = [];
    for (const name of direct) {
      const dir = join(modules, name);
      const totals = dirs.get(dir);
      if (!totals) continue;
      counted.push(dir);
      claimed.add(dir);
      claimedBytes += totals.bytes;
      findings.push({ kind: 'dev-dependency', path: dir, bytes: totals.bytes, files: totals.files, suggestion: SUGGESTION });
    }

    let bytes = 0;
    let files = 0;
    let packages = 0;
    for (const rel of lockDevDirs(packageJsons.get(join(project, 'package-lock.json')))) {
      const dir = join(project, rel);
      if (counted.some((c) => dir === c || dir.startsWith(`${c}/`))) continue;
      const totals = dirs.get(dir);
      if (!totals) continue;
      counted.push(dir);
      claimed.add(dir);
      claimedBytes += totals.bytes;
      bytes += totals.bytes;
      files += totals.files;
      packages++;
    }
    if (packages > 0) {
      findings.push({
        kind: 'dev-dependency',
        path: join(modules, '*'),
        bytes,
        files,
        suggestion: `${packages} more dev-only packages (package-lock.json dev: true); ${SUGGESTION}`,
      });
    }
  }
  return { findings, dirs: claimed, bytes: claimedBytes };
}
