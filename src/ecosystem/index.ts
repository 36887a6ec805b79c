// The ecosystem readers composed: every component of an image, carved so each path has one owner.
import type { ImagePath } from '../types.js';
import { readAppContent } from './app-content.js';
import { carve } from './carve.js';
import type { Claim } from './claim.js';
import { readDatasets } from './datasets.js';
import { readDpkg } from './dpkg.js';
import { readModuleDirs } from './module-dirs.js';
import { readNpm } from './npm.js';
import { readPythonStdlib } from './python-stdlib.js';
import { readPython } from './python.js';
import { parentOf } from './paths.js';
import { attachPycache } from './pycache.js';
import type { Component, ComponentIndex, EcosystemInput } from './types.js';

export { wantsText } from './capture.js';

/**
 * Reads every ecosystem and carves: a path belongs to the most specific component (npm and Python
 * packages over the stdlib over data sets over module dirs over dpkg packages); files no package
 * owns become app content.
 */
export function readComponents(input: EcosystemInput): ComponentIndex {
  const dpkg = readDpkg(input);
  const npm = readNpm(input);
  const claims: Claim[] = [
    ...dpkg.claims,
    ...readModuleDirs(input),
    ...readDatasets(input),
    ...readPythonStdlib(input),
    ...readPython(input),
    ...npm.claims,
  ];
  const carved = carve(claims);
  const owner = new Map<ImagePath, Component>(carved.owner);
  attachPycache(input.manifest, owner);

  const packageDirs = new Set(dpkg.listedDirs);
  const metadata = new Set<ImagePath>();
  for (const [path, component] of owner) {
    if (component.kind !== 'app' && input.manifest.entries.get(path)?.type === 'dir') packageDirs.add(path);
  }
  for (const c of carved.components) for (const m of c.metadata ?? []) if (c.kind !== 'npm') metadata.add(m);
  const app = readAppContent({ manifest: input.manifest, owned: new Set(owner.keys()), packageDirs, metadata, projects: npm.projects });

  // Pycache files attached after carving are re-listed in their owners' files.
  const added = new Map<string, ImagePath[]>();
  for (const [path, component] of owner) {
    if (carved.owner.has(path)) continue;
    const list = added.get(component.id);
    if (list) list.push(path);
    else added.set(component.id, [path]);
  }
  const all = [...carved.components, ...app];
  const ids = new Set(all.map((c) => c.id));
  const components = new Map<string, Component>();
  for (const c of all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const extra = added.get(c.id);
    const files = extra ? [...c.files, ...extra].sort() : c.files;
    const dependsOn = c.dependsOn.filter((d) => ids.has(d) && d !== c.id);
    components.set(c.id, { ...c, files, dependsOn });
  }
  const ownerOf = new Map<ImagePath, Component>();
  for (const c of components.values()) for (const f of c.files) ownerOf.set(f, c);
  return { components, ownerOf: (path) => ownerOf.get(path) };
}

