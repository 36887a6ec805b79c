// Shared data types for the values that flow between minify's stages (see shared/design.md).
import type { Readable } from 'node:stream';

/**
 * Paths inside an image are "byte strings": absolute, normalised ("/usr/bin/node", root is "/"),
 * one char per byte (latin1-decoded), so non-UTF-8 names round-trip exactly between tar headers,
 * the sensor report and the output tar. Use `displayPath()` (image/paths.ts) to show one.
 */
export type ImagePath = string;

/** A parsed image reference: `[registry/]repository[:tag][@digest]`. */
export interface ImageRef {
  /** The text the user typed. */
  readonly original: string;
  /** Registry host if the reference names one (e.g. `localhost:5000`), else undefined. */
  readonly registry?: string;
  /** Repository path without registry, e.g. `minify-fixture/node-api`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<hex>` */
  readonly digest?: string;
}

export type FileType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** One tar header of one layer, normalised; content is not held. */
export interface LayerEntry {
  readonly path: ImagePath;
  readonly type: FileType;
  /** Permission bits including setuid/setgid/sticky (0o7777), no file-type bits. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  /** Symlink: target as stored (may be relative or absolute). Hardlink: absolute ImagePath of the target. */
  readonly linkTarget?: ImagePath;
  readonly devMajor?: number;
  readonly devMinor?: number;
  /** Extended attributes from PAX `SCHILY.xattr.*` (e.g. `security.capability`), raw bytes. */
  readonly xattrs?: Readonly<Record<string, Buffer>>;
  /** Set when this entry is a whiteout: `.wh.NAME` deletes `whiteout` (an ImagePath); `.wh..wh..opq` marks its dir opaque. */
  readonly whiteout?: { readonly kind: 'delete'; readonly target: ImagePath } | { readonly kind: 'opaque'; readonly dir: ImagePath };
}

/** The header listing of one layer, in tar order (an array, or image/compact-listing's columns). */
export interface LayerListing {
  readonly layerIndex: number;
  readonly entries: Iterable<LayerEntry>;
}

/** A file of the flattened image: the entry that wins, and which layer provides its bytes. */
export interface FileEntry extends Omit<LayerEntry, 'whiteout'> {
  /** Index of the layer whose tar holds this entry (and its bytes). */
  readonly layerIndex: number;
}

/** The flattened filesystem of an image: path → entry. Directories are entries too ("/" is implicit). */
export interface Manifest {
  readonly entries: ReadonlyMap<ImagePath, FileEntry>;
}

/** The OCI/Docker image config fields minify reads and preserves. */
export interface ImageConfig {
  readonly architecture?: string;
  readonly os?: string;
  readonly created?: string;
  readonly config: ContainerConfig;
  readonly rootfs: { readonly type: 'layers'; readonly diff_ids: readonly string[] };
  readonly history?: readonly HistoryEntry[];
}

export interface ContainerConfig {
  readonly User?: string;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Env?: readonly string[];
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Volumes?: Readonly<Record<string, object>> | null;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly StopSignal?: string;
  readonly Healthcheck?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface HistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

/** One layer of an image archive; `open()` streams its uncompressed tar (never buffered whole). */
export interface Layer {
  readonly index: number;
  /** `sha256:` of the uncompressed tar, from the config's rootfs.diff_ids. */
  readonly diffId: string;
  /** Size in bytes of the layer as stored in the archive (compressed if it is). */
  readonly storedSize: number;
  /** The history line (`created_by`) that made this layer, if known. */
  readonly createdBy?: string;
  /** Where the uncompressed layer tar lies in a file, when it is stored uncompressed (read by offset). */
  readonly file?: { readonly path: string; readonly offset: number; readonly size: number };
  open(): Promise<Readable>;
}

/** An image read from `docker save` output (legacy or OCI layout). */
export interface ImageArchive {
  readonly repoTags: readonly string[];
  /** `sha256:` id of the config blob (the image id). */
  readonly imageId: string;
  readonly config: ImageConfig;
  readonly layers: readonly Layer[];
}

// ---- trace ----

export type TraceOp =
  | 'open' | 'exec' | 'stat' | 'access' | 'readlink' | 'chdir'
  | 'mkdir' | 'unlink' | 'rename' | 'fanotify-open' | 'fanotify-access' | 'fanotify-exec';

/** One path event the sensor saw. */
export interface TraceEvent {
  readonly path: ImagePath;
  readonly op: TraceOp;
  /** 0 on success, else the errno name's number as the kernel returned it (e.g. 2 for ENOENT). */
  readonly result: number;
  readonly pid: number;
  readonly comm?: string;
  readonly source: 'fanotify' | 'ptrace';
}

export interface TraceExec {
  readonly pid: number;
  readonly path: ImagePath;
  readonly argv: readonly string[];
}

export interface TraceReport {
  readonly schemaVersion: number;
  readonly mode: 'fanotify' | 'ptrace' | 'both';
  readonly events: readonly TraceEvent[];
  readonly execs: readonly TraceExec[];
  /** The app's exit status if it had exited when the report was written. */
  readonly appExit?: { readonly code?: number; readonly signal?: string };
  /** Problems the sensor reports about itself (e.g. fanotify unavailable, fell back to ptrace). */
  readonly warnings: readonly string[];
}

// ---- plan ----

export type KeepReason =
  | { readonly kind: 'traced'; readonly ops: readonly TraceOp[] }
  | { readonly kind: 'symlink-of'; readonly path: ImagePath }
  | { readonly kind: 'elf-dep-of'; readonly path: ImagePath }
  | { readonly kind: 'parent-of'; readonly path: ImagePath }
  | { readonly kind: 'hardlink-of'; readonly path: ImagePath }
  | { readonly kind: 'allowlist'; readonly rule: string }
  | { readonly kind: 'include'; readonly rule: string }
  /** A verify round found the slim image looking for this path (a miss) and the plan added it. */
  | { readonly kind: 'repair'; readonly round: number; readonly probe?: string; readonly phase: VerifyPhase }
  /** A file of a live component (ecosystem/types.ts); `evidence` says why it is live (`traced /usr/lib/...`). */
  | { readonly kind: 'component'; readonly component: string; readonly evidence: string };

/** `component`: keep live components whole (minus runtime-dead files); `traced`: only the traced files and their closure. */
export type ClosureMode = 'component' | 'traced';

export interface PlanRules {
  /** micromatch globs of paths to keep in addition to the traced ones. */
  readonly include: readonly string[];
  /** Binaries to keep with their ELF closure. */
  readonly includeBin: readonly string[];
  /** Keep /bin/sh and its closure. */
  readonly includeShell: boolean;
  /** micromatch globs of paths never to keep (wins over everything but the ELF loader of a kept binary). */
  readonly exclude: readonly string[];
  /** How far the plan reaches beyond the traced files (--closure). */
  readonly closure: ClosureMode;
}

export interface SlimPlan {
  /** Kept paths with the first reason found for each, sorted by path. */
  readonly keep: ReadonlyMap<ImagePath, KeepReason>;
  /** Traced paths absent from the image (ENOENT probes, runtime files): for the report. */
  readonly missing: readonly ImagePath[];
  readonly warnings: readonly string[];
  /** Entries the slim image needs that the source lacks (e.g. `/tmp` 1777); layerIndex is -1, no content. */
  readonly synthetic?: readonly FileEntry[];
  /** Live components whose files the plan kept (empty with `--closure traced`), biggest first. */
  readonly components?: readonly KeptComponent[];
}

/** A component (ecosystem/types.ts) the slim image keeps, with the evidence that made it live. */
export interface KeptComponent {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  /** Bytes and count of the component's files the plan kept. */
  readonly bytes: number;
  readonly files: number;
  /** Why it is live: `traced /usr/lib/python3.11/json/__init__.py`, `dependency of dpkg:python3.11`, `TZ is set`. */
  readonly why: string;
}

// ---- verify ----

/** When, during a verify run, the slim image did something: starting, a probe, the grace period, a restart. */
export type VerifyPhase = 'start' | 'trace-probe' | 'verify-probe' | 'grace';

/** A path the slim image looked for in vain (ENOENT/ENOTDIR) that the source image has. */
export interface Miss {
  readonly path: ImagePath;
  readonly op: TraceOp;
  readonly errno: number;
  /** The probe running when the slim image looked for it (none while it started or idled). */
  readonly probe?: string;
  readonly phase: VerifyPhase;
  /** Verify round: 0 for the first slim image, N for the image after the Nth repair. */
  readonly round: number;
}

// ---- probes ----

export interface ProbeResult {
  readonly name: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly error?: string;
  /** What the probe did, step by step (`GET /robots.txt` → `200`, `PING` → `PONG`), as it recorded them. */
  readonly steps?: readonly { readonly step: string; readonly outcome: string }[];
}
