// Input and helper types of the pure slim planner.
import type { ComponentIndex } from '../ecosystem/types.js';
import type { ContainerConfig, ImagePath, KeepReason, Manifest, PlanRules, TraceReport } from '../types.js';

/** What the dynamic loader needs to know about one ELF file. */
export interface ElfInfo {
  readonly interpreter?: string;
  readonly needed: readonly string[];
  readonly rpath: readonly string[];
  readonly runpath: readonly string[];
  readonly soname?: string;
  readonly class: 32 | 64;
  readonly machine: number;
}

export type ElfParse =
  | { readonly kind: 'not-elf' }
  | { readonly kind: 'need-more'; readonly bytes: number }
  | { readonly kind: 'elf'; readonly info: ElfInfo };

export interface PlanInput {
  readonly manifest: Manifest;
  readonly trace: TraceReport;
  readonly rules: PlanRules;
  readonly config: ContainerConfig;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  /** /etc/passwd, /etc/group, /etc/ld.so.conf and /etc/ld.so.conf.d/*.conf contents. */
  readonly textFiles: ReadonlyMap<ImagePath, string>;
  /** The image's components; used when `rules.closure` is `component`. */
  readonly components?: PlanComponents;
  /** Paths kept for a reason found outside the trace (a verify miss, an earlier run's report), with their closure. */
  readonly extraRoots?: readonly ExtraRoot[];
}

export interface ExtraRoot {
  readonly path: ImagePath;
  readonly reason: KeepReason;
}

export interface PlanComponents {
  readonly index: ComponentIndex;
  /** Files no live component needs at run time (ecosystem/runtime-dead.ts, with the image's locales bound). */
  readonly isRuntimeDead: (path: ImagePath) => boolean;
}
