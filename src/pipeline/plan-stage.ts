// The plan phase of `minify run`: the image's components from the captured files, then the slim
// plan; beside a component plan also the traced-only one, which the report compares it with.
import { readComponents } from '../ecosystem/index.js';
import { localesInUse } from '../ecosystem/datasets.js';
import { isRuntimeDead } from '../ecosystem/runtime-dead.js';
import type { ComponentIndex } from '../ecosystem/types.js';
import { planSlim } from '../plan/plan.js';
import type { ElfInfo, ExtraRoot, PlanInput } from '../plan/types.js';
import type { ContainerConfig, ImagePath, Manifest, PlanRules, SlimPlan, TraceReport } from '../types.js';
import { splitCaptured, type Captured } from './plan-inputs.js';

export interface PlanStageInput {
  readonly manifest: Manifest;
  readonly config: ContainerConfig;
  readonly captured: ReadonlyMap<ImagePath, Captured>;
  readonly trace: TraceReport;
  readonly rules: PlanRules;
  /** Roots from outside the trace (--include-from). */
  readonly extraRoots?: readonly ExtraRoot[];
  /** readImageFacts of the same manifest, config and captured files, when made ahead (during the trace). */
  readonly facts?: ImageFacts;
}

/** What the plan reads off the image alone, whatever the trace saw. */
export interface ImageFacts {
  /** Read in any closure mode: the slim image's package DB and SBOM list the packages it holds. */
  readonly componentIndex: ComponentIndex;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  readonly textFiles: ReadonlyMap<ImagePath, string>;
  readonly rawFiles: ReadonlyMap<ImagePath, Buffer>;
}

export function readImageFacts(input: Pick<PlanStageInput, 'manifest' | 'config' | 'captured'>): ImageFacts {
  const { elf, textFiles, rawFiles } = splitCaptured(input.captured);
  return { componentIndex: readComponents({ manifest: input.manifest, textFiles, elf, config: input.config }), elf, textFiles, rawFiles };
}

export interface PlannedImage extends ImageFacts {
  readonly plan: SlimPlan;
  /** What `plan` was made from: a repair round plans it again with more roots. */
  readonly planInput: PlanInput;
  /** The same trace planned with `--closure traced` (only when the plan keeps components). */
  readonly tracedOnly?: SlimPlan;
}

export function planImage(input: PlanStageInput): PlannedImage {
  const captured = input.facts ?? readImageFacts(input);
  const { componentIndex, elf, textFiles } = captured;
  const base = {
    manifest: input.manifest, trace: input.trace, config: input.config, elf, textFiles,
    ...(input.extraRoots && input.extraRoots.length > 0 ? { extraRoots: input.extraRoots } : {}),
  };
  if (input.rules.closure === 'traced') {
    const planInput = { ...base, rules: input.rules };
    return { plan: planSlim(planInput), planInput, ...captured };
  }
  const locales = localesInUse(input.config);
  const components = { index: componentIndex, isRuntimeDead: (path: ImagePath) => isRuntimeDead(path, locales) };
  const planInput = { ...base, rules: input.rules, components };
  const tracedOnly = planSlim({ ...base, rules: { ...input.rules, closure: 'traced' } });
  return { plan: planSlim(planInput), planInput, tracedOnly, ...captured };
}
