// The machine report of `minify run`: what was kept and why, sizes, probe results, phase timings.
// Built by a pure function from the stages' outputs; paths are shown as UTF-8 text.
import { displayPath } from '../image/paths.js';
import type { ClosureMode, ImagePath, KeepReason, Manifest, Miss, ProbeResult, SlimPlan, TraceReport } from '../types.js';
import { buildComponentsReport, type ComponentsReport } from './components-report.js';
import { buildSizeTree, type SizeNode } from './size-tree.js';

/** What the verify loop found (misses), what each repair round added, and where the slim image answered differently. */
export interface VerificationInput {
  readonly misses: readonly Miss[];
  readonly repairs: ReadonlyArray<{ readonly round: number; readonly because: readonly string[]; readonly added: ReadonlyArray<{ readonly path: string; readonly reason: string }> }>;
  readonly behaviour: readonly string[];
}

export interface ImageSummary {
  readonly ref: string;
  readonly id: string;
  readonly bytes: number;
}

/** The engine the run used and the host its probes dialed (127.0.0.1, or a remote engine's host). */
export interface EngineSummary {
  readonly address: string;
  readonly via: string;
  readonly probeHost: string;
  readonly remote: boolean;
}

export interface RunReport {
  readonly schema: 1;
  readonly engine?: EngineSummary;
  readonly source: ImageSummary;
  readonly slim?: ImageSummary & { readonly kept: boolean };
  readonly debug?: ImageSummary;
  /** source bytes / slim bytes. */
  readonly ratio?: number;
  readonly files: { readonly source: number; readonly kept: number; readonly dropped: number };
  /** Bytes of the kept regular files: what the slim layer must hold at the least. */
  readonly keptFileBytes: number;
  /** Bytes of the files the app was seen to use (the lower limit of any slim image). */
  readonly tracedFileBytes: number;
  readonly keptByReason: Readonly<Record<KeepReason['kind'], number>>;
  readonly topKeptDirs: ReadonlyArray<{ readonly dir: string; readonly bytes: number }>;
  /** Live components kept whole, and what that cost over the traced-only plan. */
  readonly components: ComponentsReport;
  readonly trace: { readonly mode: string; readonly events: number; readonly execs: number; readonly warnings: readonly string[] };
  readonly missing: readonly string[];
  readonly planWarnings: readonly string[];
  readonly probes: { readonly trace: readonly ProbeResult[]; readonly verify?: readonly ProbeResult[] };
  readonly verified: 'passed' | 'failed' | 'skipped';
  /** Paths the slim image looked for in vain that the source has: probe and phase that hit each, and the round. */
  readonly misses: ReadonlyArray<{ readonly path: string; readonly op: string; readonly probe?: string; readonly phase: string; readonly round: number }>;
  /** Per repair round: the misses that caused it and what it added (with the reason). */
  readonly repairs: VerificationInput['repairs'];
  /** The last verify round's behaviour differences from the source. */
  readonly behaviour: readonly string[];
  readonly timings: ReadonlyArray<{ readonly phase: string; readonly seconds: number }>;
  /** Packages (dpkg, npm, Python dists) in the source and the ids of those the slim image holds (its package DB and SBOM list them). */
  readonly packages?: PackageCounts;
  /** --push: each result tag, pushed (with the registry's digest) or why not. */
  readonly pushed?: ReadonlyArray<PushedTag>;
  /** CI gates of the run (--max-size) with their limit and the slim image's value. */
  readonly gates?: ReadonlyArray<RunGate>;
  /** Every kept path with its reason (only in the --report file, not on stdout's summary). */
  readonly kept: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** The source image by directory with kept bytes per node (what `--html` draws). */
  readonly tree: SizeNode;
}

export interface PushedTag {
  readonly ref: string;
  readonly ok: boolean;
  readonly digest?: string;
  readonly error?: string;
}

export interface RunGate {
  readonly gate: '--max-size';
  readonly limit: number;
  readonly actual: number;
  readonly ok: boolean;
}

export interface PackageCounts {
  readonly source: number;
  readonly kept: readonly string[];
}

export interface RunReportInput {
  readonly engine?: EngineSummary;
  readonly source: ImageSummary;
  readonly slim?: ImageSummary & { readonly kept: boolean };
  readonly debug?: ImageSummary;
  readonly manifest: Manifest;
  readonly plan: SlimPlan;
  readonly closure: ClosureMode;
  /** The traced-only plan of the same trace, made beside a component plan to say what components cost. */
  readonly tracedOnlyKeep?: ReadonlyMap<ImagePath, KeepReason>;
  readonly trace: TraceReport;
  readonly probes: RunReport['probes'];
  readonly verified: RunReport['verified'];
  readonly verification?: VerificationInput;
  readonly timings: RunReport['timings'];
  readonly packages?: PackageCounts;
  readonly pushed?: ReadonlyArray<PushedTag>;
  readonly gates?: ReadonlyArray<RunGate>;
}

/** The misses of the last verify round: the ones no repair answered (the summary and the Markdown tell them). */
export function lastRoundMisses(report: Pick<RunReport, 'misses'>): RunReport['misses'] {
  const lastRound = Math.max(-1, ...report.misses.map((miss) => miss.round));
  return report.misses.filter((miss) => miss.round === lastRound);
}

export function describeReason(reason: KeepReason): string {
  switch (reason.kind) {
    case 'traced':
      return `traced (${reason.ops.join(', ')})`;
    case 'allowlist':
    case 'include':
      return `${reason.kind} ${reason.rule}`;
    case 'repair':
      return `repair round ${reason.round}: missed while ${reason.probe ? `probe ${reason.probe} ran` : `the slim image was in phase ${reason.phase}`}`;
    case 'component':
      return `component ${reason.component} (${displayPath(reason.evidence)})`;
    default:
      return `${reason.kind} ${displayPath(reason.path)}`;
  }
}

function fileBytes(manifest: Manifest, paths: Iterable<ImagePath>): number {
  let total = 0;
  for (const path of paths) {
    const entry = manifest.entries.get(path);
    if (entry?.type === 'file') total += entry.size;
  }
  return total;
}

/** Kept bytes per directory at depth 2 (`/usr/lib`, `/app/node_modules`), biggest first. */
function topDirs(manifest: Manifest, kept: Iterable<ImagePath>, count: number): Array<{ dir: string; bytes: number }> {
  const byDir = new Map<string, number>();
  for (const path of kept) {
    const entry = manifest.entries.get(path);
    if (entry?.type !== 'file') continue;
    const parts = path.split('/').filter(Boolean);
    const dir = `/${parts.slice(0, Math.min(2, parts.length - 1)).join('/')}`;
    byDir.set(dir, (byDir.get(dir) ?? 0) + entry.size);
  }
  return [...byDir.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([dir, bytes]) => ({ dir: displayPath(dir), bytes }));
}

export function buildRunReport(input: RunReportInput): RunReport {
  const keptPaths = [...input.plan.keep.keys()];
  const tracedPaths = [...input.plan.keep].filter(([, reason]) => reason.kind === 'traced').map(([path]) => path);
  const keptByReason = { traced: 0, 'symlink-of': 0, 'elf-dep-of': 0, 'parent-of': 0, 'hardlink-of': 0, allowlist: 0, include: 0, component: 0, repair: 0 };
  for (const reason of input.plan.keep.values()) keptByReason[reason.kind] += 1;
  const sourceFiles = input.manifest.entries.size;
  const keptInSource = keptPaths.filter((path) => input.manifest.entries.has(path)).length;
  return {
    schema: 1,
    ...(input.engine ? { engine: { address: input.engine.address, via: input.engine.via, probeHost: input.engine.probeHost, remote: input.engine.remote } } : {}),
    source: input.source,
    slim: input.slim,
    debug: input.debug,
    ratio: input.slim && input.slim.bytes > 0 ? input.source.bytes / input.slim.bytes : undefined,
    files: { source: sourceFiles, kept: keptPaths.length, dropped: sourceFiles - keptInSource },
    keptFileBytes: fileBytes(input.manifest, keptPaths),
    tracedFileBytes: fileBytes(input.manifest, tracedPaths),
    keptByReason,
    topKeptDirs: topDirs(input.manifest, keptPaths, 8),
    components: buildComponentsReport({
      closure: input.closure, manifest: input.manifest, plan: input.plan,
      ...(input.tracedOnlyKeep ? { tracedOnlyKeep: input.tracedOnlyKeep } : {}),
    }),
    trace: {
      mode: input.trace.mode,
      events: input.trace.events.length,
      execs: input.trace.execs.length,
      warnings: input.trace.warnings,
    },
    missing: input.plan.missing.map(displayPath),
    planWarnings: input.plan.warnings,
    probes: input.probes,
    verified: input.verified,
    misses: (input.verification?.misses ?? []).map((miss) => ({
      path: displayPath(miss.path), op: miss.op, ...(miss.probe === undefined ? {} : { probe: miss.probe }), phase: miss.phase, round: miss.round,
    })),
    repairs: input.verification?.repairs ?? [],
    behaviour: input.verification?.behaviour ?? [],
    timings: input.timings,
    ...(input.packages ? { packages: input.packages } : {}),
    ...(input.pushed ? { pushed: input.pushed } : {}),
    ...(input.gates ? { gates: input.gates } : {}),
    kept: [...input.plan.keep].map(([path, reason]) => ({ path: displayPath(path), reason: describeReason(reason) })),
    tree: keptTree(input.manifest, input.plan),
  };
}

/** The size tree annotated with what the plan kept, why, and the component that made it live. */
function keptTree(manifest: Manifest, plan: SlimPlan): SizeNode {
  return buildSizeTree(manifest, {
    note: (path) => {
      const reason = plan.keep.get(path);
      if (!reason) return { kept: false };
      const component = 'component' in reason && typeof reason.component === 'string' ? reason.component : undefined;
      return { kept: true, reason: describeReason(reason), ...(component ? { component } : {}) };
    },
  });
}
