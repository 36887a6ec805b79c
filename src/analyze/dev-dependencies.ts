// devDependencies left in node_modules: direct ones from package.json, transitive dev-only ones from package-lock.json.
import type { ImagePath } from '../types.js';
import type { DirTotals } from './dir-sizes.js';
import { parentDir } from './dir-sizes.js';
import type { JunkFinding } from './report.js';

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const join = (dir: ImagePath, rel: string) => (dir === '/' ? `/${rel}` : `${dir}/${rel}`);
const SUGGESTION = 'install production deps only: npm ci --omit=dev (or prune in a build stage)';

/** Lockfile v2/v3 `packages` keys like `node_modules/a/node_modules/b` flagged `dev: true`. */
function lockDevDirs(lock: Record<string, unknown> | undefined): string[] {
  const packages = lock?.packages;
  if (!packages || typeof packages !== 'object') return [];
  return Object.entries(packages as Record<string, unknown>)
    .filter(([key, meta]) => key.startsWith('node_modules/') && (meta as { dev?: unknown } | null)?.dev === true)
    .map(([key]) => key);
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
    const pkg = parseJson(text);
    const devDeps = pkg?.devDependencies;
    const direct = devDeps && typeof devDeps === 'object' ? Object.keys(devDeps) : [];
    const counted: string[] = [];
    for (const name of direct.sort()) {
      const dir = join(modules, name);
      const totals = dirs.get(dir);
      if (!totals) continue;
      counted.push(dir);
      claimed.add(dir);
      claimedBytes += totals.bytes;
      findings.push({ kind: 'dev-dependency', path: dir, bytes: totals.bytes, files: totals.files, suggestion: SUGGESTION });
    }
    const lock = parseJson(packageJsons.get(join(project, 'package-lock.json')));
    let bytes = 0;
    let files = 0;
    let packages = 0;
    for (const rel of lockDevDirs(lock)) {
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
