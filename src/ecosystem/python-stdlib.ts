// Python's standard library (lib/pythonX.Y with lib-dynload) as one component, its optional parts as their own.
import type { ImagePath } from '../types.js';
import { RANK, type Claim } from './claim.js';
import { baseName, joinPath } from './paths.js';
import type { Component, EcosystemInput } from './types.js';

const STDLIB_DIR = /\/lib\/python(\d+\.\d+)$/;
/** Parts an app rarely uses: kept only when traced (or when a traced file lies in them). */
const OPTIONAL_PARTS = /^(?:test|idlelib|tkinter|ensurepip|lib2to3|turtledemo|config-\d+\.\d+.*)$/;
const SITE = /^(?:site|dist)-packages$/;

export function readPythonStdlib(input: EcosystemInput): Claim[] {
  const roots: ImagePath[] = [];
  for (const path of input.manifest.entries.keys()) {
    if (STDLIB_DIR.test(path) && input.manifest.entries.get(path)?.type === 'dir' && input.manifest.entries.has(joinPath(path, 'os.py'))) roots.push(path);
  }
  roots.sort();
  const claims: Claim[] = [];
  const seenVersions = new Set<string>();
  for (const root of roots) {
    const version = STDLIB_DIR.exec(root)?.[1] ?? '';
    const id = seenVersions.has(version) ? `py-stdlib:${version}@${root}` : `py-stdlib:${version}`;
    seenVersions.add(version);
    const main: ImagePath[] = [];
    const parts = new Map<string, ImagePath[]>();
    const prefix = `${root}/`;
    for (const path of input.manifest.entries.keys()) {
      if (path !== root && !path.startsWith(prefix)) continue;
      const top = path === root ? '' : (path.slice(prefix.length).split('/')[0] ?? '');
      if (SITE.test(top)) continue;
      if (!OPTIONAL_PARTS.test(top)) main.push(path);
      else if (parts.has(top)) parts.get(top)?.push(path);
      else parts.set(top, [path]);
    }
    const component = (partId: string, name: string, files: ImagePath[], dependsOn: string[]): Component => ({
      id: partId, kind: 'python-stdlib', name, version, files: files.sort(), dependsOn, role: 'runtime',
    });
    claims.push({ component: component(id, `python${version} standard library`, main, []), rank: RANK['python-stdlib'], tie: 'both' });
    for (const [part, files] of [...parts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const partComponent = component(`${id}/${part}`, `python${version} ${baseName(part)}`, files, [id]);
      claims.push({ component: partComponent, rank: RANK['python-stdlib'], tie: 'up' });
    }
  }
  return claims;
}
