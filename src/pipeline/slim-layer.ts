// The slim image's one layer for a plan: its kept paths, the trimmed package DB that goes with them,
// and the entries the plan makes up. Rebuilt for every plan a repair round makes.
import type { LayerSelection } from '../assemble/assemble-image.js';
import type { SlimPlan } from '../types.js';
import { MINIFY_VERSION } from '../version.js';
import type { PackageStage } from './slim-packages.js';

export function slimLayer(plan: SlimPlan, packages: PackageStage, sourceName: string): LayerSelection {
  return {
    keep: new Set([...plan.keep.keys(), ...packages.db.keep]),
    synthetic: plan.synthetic ?? [],
    generated: packages.db.generated,
    createdBy: `minify ${MINIFY_VERSION}: ${plan.keep.size} paths used by ${sourceName}`,
  };
}
