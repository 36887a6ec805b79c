// What the slim layer adds so scanners see its packages: the trimmed dpkg status (generated), the kept
// dpkg packages' info files, the kept npm packages' package.json and Python dists' metadata. Pure: the
// status bytes come from the capture of the source image.
import { PackageURL } from 'packageurl-js';
import type { GeneratedFile } from '../image/write-layer.js';
import type { KeptPackage } from '../sbom/kept-packages.js';
import type { ImagePath, Manifest } from '../types.js';
import { DPKG_STATUS, dpkgInfoFiles, trimDpkgStatus } from './package-db.js';

export interface PackageDbFiles {
  /** Source paths to keep besides the plan's: the kept packages' `info/*.list` and `*.md5sums`, and the
   *  other kept packages' metadata files (`package.json`, a dist's `METADATA`/`RECORD`). */
  readonly keep: readonly ImagePath[];
  /** The trimmed status, with the source status's mode, owner and mtime. */
  readonly generated: readonly GeneratedFile[];
  /** Kept dpkg packages the status does not list as installed. */
  readonly notInstalled: readonly string[];
}

/** No status when the source has none (or it was not captured); else one listing exactly the kept dpkg packages. */
export function packageDbFiles(input: { readonly manifest: Manifest; readonly packages: readonly KeptPackage[]; readonly dpkgStatus?: Buffer }): PackageDbFiles {
  const metadata = input.packages
    .filter(({ component }) => component.kind !== 'dpkg')
    .flatMap(({ component }) => component.metadata ?? [])
    .filter((path) => input.manifest.entries.get(path)?.type === 'file');
  const source = input.manifest.entries.get(DPKG_STATUS);
  if (source?.type !== 'file' || input.dpkgStatus === undefined) return { keep: [...new Set(metadata)].sort(), generated: [], notInstalled: [] };
  const names = input.packages.filter(({ component }) => component.kind === 'dpkg').map(({ component }) => dpkgName(component));
  const trimmed = trimDpkgStatus(input.dpkgStatus, names);
  return {
    keep: [...new Set([...dpkgInfoFiles(input.manifest, trimmed.listed), ...metadata])].sort(),
    generated: [{ entry: { ...source, size: trimmed.status.length }, content: trimmed.status }],
    notInstalled: trimmed.notInstalled,
  };
}

/** `name:arch` when the purl says the arch (`?arch=amd64`), else the bare name (every installed arch). */
function dpkgName(component: { readonly name: string; readonly purl?: string }): string {
  if (!component.purl) return component.name;
  try {
    const arch = PackageURL.fromString(component.purl).qualifiers?.arch;
    return arch ? `${component.name}:${arch}` : component.name;
  } catch {
    return component.name;
  }
}
