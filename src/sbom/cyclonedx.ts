// The slim image's SBOM: CycloneDX 1.5 JSON, built and serialized with the CycloneDX library.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import type { KeptPackage } from './kept-packages.js';

export interface SbomInput {
  /** The slim image: its tag and id. */
  readonly image: { readonly ref: string; readonly id: string };
  readonly packages: readonly KeptPackage[];
  readonly tool: { readonly name: string; readonly version: string };
  /** Fixed in tests; now and a random serial otherwise. */
  readonly timestamp?: Date;
  readonly serialNumber?: string;
}

export interface BuiltSbom {
  readonly json: string;
  /** Kept packages whose purl the library could not parse (listed without one). */
  readonly badPurls: readonly string[];
}

const IMAGE_REF = 'image';

/**
 * One component per kept package (bom-ref = its component id, purl, name, version), the image as
 * `metadata.component` depending on each, and every package's dependencies among the kept ones.
 */
export function buildSbom(input: SbomInput): BuiltSbom {
  const bom = new Models.Bom();
  bom.serialNumber = input.serialNumber ?? `urn:uuid:${crypto.randomUUID()}`;
  bom.metadata.timestamp = input.timestamp ?? new Date();
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, input.tool.name, { version: input.tool.version }));
  const image = new Models.Component(Enums.ComponentType.Container, input.image.ref, { bomRef: IMAGE_REF, version: input.image.id });
  bom.metadata.component = image;

  const badPurls: string[] = [];
  const byId = new Map<string, Models.Component>();
  for (const { component, why } of input.packages) {
    const purl = parsePurl(component.purl);
    if (component.purl && !purl) badPurls.push(component.id);
    const entry = new Models.Component(Enums.ComponentType.Library, component.name, {
      bomRef: component.id,
      ...(component.version ? { version: component.version } : {}),
      ...(purl ? { purl } : {}),
    });
    entry.properties.add(new Models.Property('minify:kind', component.kind));
    entry.properties.add(new Models.Property('minify:why', why));
    byId.set(component.id, entry);
    bom.components.add(entry);
    image.dependencies.add(entry.bomRef);
  }
  for (const { component } of input.packages) {
    const entry = byId.get(component.id)!;
    for (const dependency of component.dependsOn) {
      const target = byId.get(dependency);
      if (target && target !== entry) entry.dependencies.add(target.bomRef);
    }
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5));
  return { json: `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`, badPurls };
}

/** The purl in canonical form, checked by the reference implementation (the library takes any string). */
function parsePurl(purl: string | undefined): string | undefined {
  if (!purl) return undefined;
  try {
    return PackageURL.fromString(purl).toString();
  } catch {
    return undefined;
  }
}
