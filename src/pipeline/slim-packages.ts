// The run's package stage: which packages the slim image holds, the trimmed package DB the slim layer
// gets, and the SBOM naming them. Pure composition of assemble/ and sbom/.
import { packageDbFiles, type PackageDbFiles } from '../assemble/package-db-files.js';
import { DPKG_STATUS } from '../assemble/package-db.js';
import type { ComponentIndex } from '../ecosystem/types.js';
import { keptPackages, type SlimPackages } from '../sbom/kept-packages.js';
import type { ImagePath, Manifest, SlimPlan } from '../types.js';
import { MINIFY_VERSION } from '../version.js';

export interface PackageStage {
  readonly packages: SlimPackages;
  readonly db: PackageDbFiles;
}

/** With no component index the slim image gets no package DB (scanners then see no packages, as before). */
export function slimPackages(input: {
  readonly manifest: Manifest;
  readonly plan: SlimPlan;
  readonly index?: ComponentIndex;
  readonly rawFiles: ReadonlyMap<ImagePath, Buffer>;
}): PackageStage {
  if (!input.index) return { packages: { source: 0, kept: [] }, db: { keep: [], generated: [], notInstalled: [] } };
  const packages = keptPackages({ components: input.index.components.values(), plan: input.plan, manifest: input.manifest });
  const dpkgStatus = input.rawFiles.get(DPKG_STATUS);
  return { packages, db: packageDbFiles({ manifest: input.manifest, packages: packages.kept, ...(dpkgStatus ? { dpkgStatus } : {}) }) };
}

/** The SBOM of the loaded slim image. */
export async function slimSbom(stage: PackageStage, image: { readonly ref: string; readonly id: string }): Promise<string> {
  // Loaded only for --sbom: the CycloneDX library costs ~0.35 s of every start.
  const { buildSbom } = await import('../sbom/cyclonedx.js');
  return buildSbom({ image, packages: stage.packages.kept, tool: { name: 'minify', version: MINIFY_VERSION } }).json;
}
