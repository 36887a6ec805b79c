// The plan phase of `minify run`: the image's components from the captured files, then the slim
// plan; beside a component plan also the traced-only one, which the report compares it with.
import type { ElfInfo } from '../plan/types.js';
import { planSlim } from '../plan/plan.js';
import type { ContainerConfig, ImagePath, Manifest, PlanRules, SlimPlan, TraceReport } from '../types.js';
import { componentsOf } from './plan-components.js';
import { splitCaptured, type Captured } from './plan-inputs.js';

export interface PlanStageInput {
  readonly manifest: Manifest;
  readonly config: ContainerConfig;
  readonly captured: ReadonlyMap<ImagePath, Captured>;
  readonly trace: TraceReport;
  readonly rules: PlanRules;
}

export interface PlannedImage {
  readonly plan: SlimPlan;
  /** The same trace planned with `--closure traced` (only when the plan keeps components). */
  readonly tracedOnly?: SlimPlan;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  readonly textFiles: ReadonlyMap<ImagePath, string>;
}

export function planImage(input: PlanStageInput): PlannedImage {
  const { elf, textFiles } = splitCaptured(input.captured);
  const base = { manifest: input.manifest, trace: input.trace, config: input.config, elf, textFiles };
  if (input.rules.closure === 'traced') return { plan: planSlim({ ...base, rules: input.rules }), elf, textFiles };
  const components = componentsOf({ manifest: input.manifest, textFiles, elf, config: input.config });
  const plan = planSlim({ ...base, rules: input.rules, components });
  const tracedOnly = planSlim({ ...base, rules: { ...input.rules, closure: 'traced' } });
  return { plan, tracedOnly, elf, textFiles };
}
