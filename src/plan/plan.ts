// planSlim: which paths of the source image the slim image keeps, and why. Only composes the steps:
// roots (roots.ts) -> closure (closure.ts: symlinks, hardlinks, ELF, parent dirs) -> SlimPlan.
import type { ImagePath, KeepReason, SlimPlan } from '../types.js';
import { createKeepBuilder } from './closure.js';
import { ldConfDirs, libraryPathFromEnv } from './ld-paths.js';
import { collectRoots } from './roots.js';
import { compileGlobs } from './rules.js';
import type { PlanInput } from './types.js';

export function planSlim(input: PlanInput): SlimPlan {
  const { manifest, config } = input;
  const roots = collectRoots(input);
  const builder = createKeepBuilder({
    manifest,
    elf: input.elf,
    ld: { manifest, elf: input.elf, libraryPath: libraryPathFromEnv(config.Env), confDirs: ldConfDirs(input.textFiles, manifest) },
    excluded: compileGlobs(input.rules.exclude),
  });
  for (const root of roots.roots) builder.keepRoot(root);
  // Roots from outside the trace: verify misses (repair rounds), --include-from.
  for (const { path, reason } of input.extraRoots ?? []) builder.keepRoot({ path, reason, follow: 'chain' });
  for (const { path, reason } of roots.required) builder.keepRequired(path, reason);
  const closed = builder.close();

  const keep = new Map<ImagePath, KeepReason>(closed.keep);
  for (const entry of roots.synthetic) keep.set(entry.path, { kind: 'allowlist', rule: entry.path });
  const sorted = new Map([...keep].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    keep: sorted,
    missing: [...roots.missing].sort(),
    warnings: [...roots.warnings, ...closed.warnings],
    ...(roots.synthetic.length > 0 ? { synthetic: roots.synthetic } : {}),
  };
}
