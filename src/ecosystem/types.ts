// The component model (shared/design.md): what the ecosystem readers make of an image's contents.
// Pure data; the readers live one per ecosystem beside this file, the liveness rules in plan/.
import type { ElfInfo } from '../plan/types.js';
import type { ContainerConfig, ImagePath, Manifest } from '../types.js';

export type ComponentKind = 'dpkg' | 'npm' | 'python' | 'python-stdlib' | 'module-dir' | 'dataset' | 'app';

/** What a component is for at run time; only `runtime` and `data` components can become live. */
export type ComponentRole = 'runtime' | 'dev' | 'docs' | 'data';

export interface Component {
  /** Stable id, e.g. `dpkg:libssl3`, `npm:express@4.18.2`, `py:jinja2`, `py-stdlib:3.11`,
   *  `dir:/usr/lib/x86_64-linux-gnu/gconv`, `data:zoneinfo`, `app:/app`. */
  readonly id: string;
  readonly kind: ComponentKind;
  readonly name: string;
  readonly version?: string;
  /** Package URL for the SBOM (`pkg:deb/debian/libssl3@3.0.11-1?arch=amd64`, `pkg:npm/express@4.18.2`, `pkg:pypi/jinja2@3.1.2`). */
  readonly purl?: string;
  /** Paths of the manifest this component owns (files, symlinks and dirs), after carving: a path belongs to one component. */
  readonly files: readonly ImagePath[];
  /** Ids of components this one needs at run time (dpkg Depends/Pre-Depends resolved, npm dependencies, Requires-Dist). */
  readonly dependsOn: readonly string[];
  readonly role: ComponentRole;
  /** Evidence in the image config that makes the component live without a traced path (e.g. `TZ is set`). */
  readonly liveBecause?: string;
  /** Package-manager metadata files that describe this component (dpkg `info/*.list`, `*.md5sums`, a dist's
   *  `RECORD`/`METADATA`, a package's `package.json`): kept with it so scanners see the package. */
  readonly metadata?: readonly ImagePath[];
  /** Components this one took paths from when carving (`dpkg:tzdata` for `data:zoneinfo`): what ships its files. */
  readonly carvedFrom?: readonly string[];
}

/** What the readers get: the flattened manifest and the contents of the small text files they asked for. */
export interface EcosystemInput {
  readonly manifest: Manifest;
  /** Contents of every file for which `wantsText()` (ecosystem/index.ts) said yes. */
  readonly textFiles: ReadonlyMap<ImagePath, string>;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  readonly config: ContainerConfig;
}

/** Every component of an image, and which one owns each path. */
export interface ComponentIndex {
  readonly components: ReadonlyMap<string, Component>;
  /** The (most specific) component that owns `path`, if any. */
  ownerOf(path: ImagePath): Component | undefined;
}
