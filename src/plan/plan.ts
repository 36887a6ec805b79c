// planSlim: which paths of the source image the slim image keeps, and why. Only composes the steps:
// roots (roots.ts) -> live components' files (components.ts) -> closure (closure.ts) -> SlimPlan.
import type { ImagePath, KeepReason, SlimPlan, TraceReport } from '../types.js';
import { createKeepBuilder } from './closure.js';
import { componentRoots, keptComponents, liveComponents, type Liveness } from './components.js';
import { entryPoints } from './entry-points.js';
import { ldConfDirs, libraryPathFromEnv } from './ld-paths.js';
import { collectRoots } from './roots.js';
import { compileGlobs } from './rules.js';
import type { PlanInput } from './types.js';

export function planSlim(input: PlanInput): SlimPlan {
  const { manifest, config } = input;
  const roots = collectRoots(input);
  const ld = { manifest, elf: input.elf, libraryPath: libraryPathFromEnv(config.Env), confDirs: ldConfDirs(input.textFiles, manifest) };
  const builder = createKeepBuilder({ manifest, elf: input.elf, ld, excluded: compileGlobs(input.rules.exclude) });
  for (const root of roots.roots) builder.keepRoot(root);
  // Roots from outside the trace: verify misses (repair rounds), --include-from; they make their components live too.
  for (const { path, reason } of input.extraRoots ?? []) builder.keepRoot({ path, reason, follow: 'chain' });
  const components = input.rules.closure === 'component' ? input.components : undefined;
  const live = components ? liveComponents({ index: components.index, manifest, trace: withRootEvidence(input), interpreters: interpretersOf(input) }) : new Map<string, Liveness>();
  if (components) {
    const points = entryPoints({ manifest, ld, env: config.Env });
    for (const root of componentRoots({ index: components.index, live, isRuntimeDead: components.isRuntimeDead, entryPoints: points })) builder.keepRoot(root);
  }
  for (const { path, reason } of roots.required) builder.keepRequired(path, reason);
  const closed = builder.close();

  const keep = new Map<ImagePath, KeepReason>(closed.keep);
  for (const entry of roots.synthetic) keep.set(entry.path, { kind: 'allowlist', rule: entry.path });
  const sorted = new Map([...keep].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const warnings = [...roots.warnings, ...closed.warnings];
  if (input.rules.closure === 'component' && !input.components) warnings.push('--closure component: no component index was given, planned traced files only');
  return {
    keep: sorted,
    missing: [...roots.missing].sort(),
    warnings,
    ...(roots.synthetic.length > 0 ? { synthetic: roots.synthetic } : {}),
    components: components ? keptComponents({ index: components.index, live, manifest }, sorted) : [],
  };
}

/** The trace as evidence of liveness, with each extra root counted as an open of its path. */
function withRootEvidence(input: PlanInput): TraceReport {
  const extra = input.extraRoots ?? [];
  if (extra.length === 0) return input.trace;
  const events = extra.map(({ path }) => ({ path, op: 'open' as const, result: 0, pid: 0, source: 'ptrace' as const }));
  return { ...input.trace, events: [...input.trace.events, ...events] };
}

function interpretersOf(input: PlanInput): Set<ImagePath> {
  const loaders = new Set<ImagePath>();
  for (const info of input.elf.values()) if (info.interpreter) loaders.add(info.interpreter);
  return loaders;
}
