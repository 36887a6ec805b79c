// Which components are live (traced evidence, config evidence, dependencies of live ones), the roots
// their files add to the plan, and what the plan ended up keeping of each.
import type { Component, ComponentIndex } from '../ecosystem/types.js';
import type { ImagePath, KeepReason, KeptComponent, Manifest, TraceReport } from '../types.js';
import type { EntryPoints } from './entry-points.js';
import type { Root } from './roots.js';
import { resolvePath } from './symlinks.js';

/** Only these can become live: a dev tree or a docs package is never kept because something needs it. */
const LIVE_ROLES: ReadonlySet<Component['role']> = new Set<Component['role']>(['runtime', 'data']);

export interface LivenessInput {
  readonly index: ComponentIndex;
  readonly manifest: Manifest;
  readonly trace: TraceReport;
  /** The dynamic loaders ELF files name as interpreter: mapped for exec on every program start, not programs that ran. */
  readonly interpreters?: ReadonlySet<ImagePath>;
}

/** Why a component is live: its own evidence (a traced path, the image config), or a live dependent. */
export interface Liveness {
  readonly why: string;
  readonly by: 'trace' | 'config' | 'dependency';
}

/** Live component ids with why each is live, in the order they were found (evidence first, then dependencies). */
export function liveComponents(input: LivenessInput): Map<string, Liveness> {
  const { index } = input;
  const live = new Map<string, Liveness>();
  const queue: Component[] = [];
  const mark = (component: Component | undefined, why: string, by: Liveness['by']): void => {
    if (!component || live.has(component.id) || !LIVE_ROLES.has(component.role)) return;
    live.set(component.id, { why, by });
    queue.push(component);
  };
  for (const path of tracedEvidence(input)) {
    const real = resolvePath(input.manifest, path);
    for (const candidate of new Set([path, real.path])) {
      const entry = input.manifest.entries.get(candidate);
      // A dir is walked by everything (readdir, stat of $PATH entries): no evidence that its owner runs.
      if (!entry || entry.type === 'dir') continue;
      mark(index.ownerOf(candidate), `traced ${path}`, 'trace');
    }
  }
  for (const component of [...index.components.values()].sort(byId)) {
    if (component.liveBecause !== undefined) mark(component, component.liveBecause, 'config');
  }
  markModuleDirsOfRunPrograms(input, mark);
  // Breadth first, so the reported dependent is the nearest live one.
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const dep of next.dependsOn) mark(index.components.get(dep), `dependency of ${next.id}`, 'dependency');
  }
  return live;
}

/**
 * A program loads its own package's modules by name, on requests no light probe makes (a database's
 * extensions, text-search dictionaries, encoding conversions; a server's plugins): a module dir is live
 * when a program of a package it was carved from ran. Only exec evidence counts, never a library load:
 * every program maps libc, but only iconv users load libc's gconv modules (a traced member does that).
 * The dynamic loader is opened for exec on every program start, so it counts only when run by name.
 */
function markModuleDirsOfRunPrograms(input: LivenessInput, mark: (c: Component | undefined, why: string, by: Liveness['by']) => void): void {
  const ranBy = new Map<string, ImagePath>();
  const execs = input.trace.execs.map((exec) => exec.path);
  const opened = input.trace.events.filter((e) => e.op === 'exec' && e.result === 0).map((e) => e.path);
  const loaders = new Set([...(input.interpreters ?? [])].map((path) => resolvePath(input.manifest, path).path));
  for (const program of [...execs, ...opened].sort()) {
    const resolved = resolvePath(input.manifest, program).path;
    if (loaders.has(resolved) && !execs.includes(program)) continue;
    const owner = input.index.ownerOf(resolved);
    if (owner && !ranBy.has(owner.id)) ranBy.set(owner.id, program);
  }
  if (ranBy.size === 0) return;
  for (const component of [...input.index.components.values()].sort(byId)) {
    if (component.kind !== 'module-dir') continue;
    const pkg = component.carvedFrom?.find((id) => ranBy.has(id));
    if (pkg) mark(component, `module dir of ${pkg} (ran ${ranBy.get(pkg)})`, 'trace');
  }
}

/** Paths the app used successfully, sorted: the first of a component is the one its reason names. */
function tracedEvidence(input: LivenessInput): ImagePath[] {
  const paths = new Set<ImagePath>();
  for (const event of input.trace.events) if (event.result === 0) paths.add(event.path);
  for (const exec of input.trace.execs) paths.add(exec.path);
  return [...paths].sort();
}

export interface ExpansionInput {
  readonly index: ComponentIndex;
  readonly live: ReadonlyMap<string, Liveness>;
  /** Files of a live component that no run needs (docs, headers, other locales' catalogues: ecosystem/runtime-dead.ts). */
  readonly isRuntimeDead: (path: ImagePath) => boolean;
  /** Programs in PATH and linked libraries: reached only by exec or through a link (entry-points.ts). */
  readonly entryPoints: EntryPoints;
}

/**
 * Every file of every live component but the runtime-dead ones, and the component's metadata files.
 * Programs in PATH need evidence of their own (traced, entrypoint, --include-bin): a package of 100
 * tools is not used because one of them ran, and a package's Depends often name tools only its
 * maintainer scripts run. Libraries that image files link against come with the ELF closure of the
 * kept files that need them; a library nothing links against is loaded by name and stays with its component.
 */
export function componentRoots(input: ExpansionInput): Root[] {
  const roots: Root[] = [];
  for (const [id, liveness] of input.live) {
    const component = input.index.components.get(id);
    if (!component) continue;
    const reason: KeepReason = { kind: 'component', component: id, evidence: liveness.why };
    for (const path of component.files) {
      if (input.isRuntimeDead(path)) continue;
      if (input.entryPoints.isProgram(path) || input.entryPoints.isLinkedLibrary(path)) continue;
      roots.push({ path, reason, follow: 'chain' });
    }
    for (const path of component.metadata ?? []) roots.push({ path, reason, follow: 'chain' });
  }
  return roots;
}

/** What the plan kept of each live component, biggest first. */
export function keptComponents(
  input: { readonly index: ComponentIndex; readonly live: ReadonlyMap<string, Liveness>; readonly manifest: Manifest },
  keep: ReadonlyMap<ImagePath, KeepReason>,
): KeptComponent[] {
  const kept: KeptComponent[] = [];
  for (const [id, { why }] of input.live) {
    const component = input.index.components.get(id);
    if (!component) continue;
    let bytes = 0;
    let files = 0;
    for (const path of new Set([...component.files, ...(component.metadata ?? [])])) {
      if (!keep.has(path)) continue;
      const entry = input.manifest.entries.get(path);
      if (entry?.type === 'dir') continue;
      files++;
      if (entry?.type === 'file') bytes += entry.size;
    }
    // Only its metadata left: the slim image does not hold the package.
    if (!component.files.some((path) => keep.has(path) && input.manifest.entries.get(path)?.type !== 'dir')) continue;
    kept.push({
      id, kind: component.kind, name: component.name, bytes, files, why,
      ...(component.version !== undefined ? { version: component.version } : {}),
      ...(component.purl !== undefined ? { purl: component.purl } : {}),
    });
  }
  return kept.sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const byId = (a: Component, b: Component): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
