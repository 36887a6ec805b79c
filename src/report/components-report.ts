// The components part of the run report: every kept component with bytes, files and why it is live,
// and what keeping components whole cost over the traced-only plan.
import { formatBytes } from '../format.js';
import { displayPath } from '../image/paths.js';
import type { ClosureMode, ImagePath, KeepReason, KeptComponent, Manifest, SlimPlan } from '../types.js';

/** A kept component (types.ts) with what keeping it whole added over the traced-only plan. */
export interface ReportedComponent extends KeptComponent {
  /** Bytes kept because the component is live, beyond what the traced-only plan keeps. */
  readonly addedBytes: number;
}

export interface ComponentsReport {
  readonly closure: ClosureMode;
  /** Kept file bytes of the same trace planned with `--closure traced`. */
  readonly tracedOnlyBytes?: number;
  /** Kept file bytes beyond the traced-only plan. */
  readonly addedBytes?: number;
  /** Biggest first. */
  readonly kept: readonly ReportedComponent[];
}

export interface ComponentsReportInput {
  readonly closure: ClosureMode;
  readonly manifest: Manifest;
  readonly plan: SlimPlan;
  /** The traced-only plan of the same run (only with `--closure component`). */
  readonly tracedOnlyKeep?: ReadonlyMap<ImagePath, KeepReason>;
}

function fileSize(manifest: Manifest, path: ImagePath): number {
  const entry = manifest.entries.get(path);
  return entry?.type === 'file' ? entry.size : 0;
}

export function buildComponentsReport(input: ComponentsReportInput): ComponentsReport {
  const { manifest, plan, tracedOnlyKeep } = input;
  const addedBy = new Map<string, number>();
  let tracedOnlyBytes = 0;
  let addedBytes = 0;
  if (tracedOnlyKeep) {
    for (const path of tracedOnlyKeep.keys()) tracedOnlyBytes += fileSize(manifest, path);
    for (const [path, reason] of plan.keep) {
      if (tracedOnlyKeep.has(path)) continue;
      const size = fileSize(manifest, path);
      addedBytes += size;
      if (reason.kind === 'component') addedBy.set(reason.component, (addedBy.get(reason.component) ?? 0) + size);
    }
  }
  const kept = (plan.components ?? []).map((c) => ({ ...c, addedBytes: addedBy.get(c.id) ?? 0, why: displayPath(c.why) }));
  return { closure: input.closure, ...(tracedOnlyKeep ? { tracedOnlyBytes, addedBytes } : {}), kept };
}

/** `closure  traced-only 31 MB, components +12 MB (largest: ...)` and the five biggest components. */
export function componentSummaryLines(report: ComponentsReport): string[] {
  if (report.closure === 'traced') return ['closure traced: only the files the app used, with their libraries'];
  const lines: string[] = [];
  if (report.tracedOnlyBytes !== undefined && report.addedBytes !== undefined) {
    const largest = [...report.kept]
      .filter((c) => c.addedBytes > 0)
      .sort((a, b) => b.addedBytes - a.addedBytes)
      .slice(0, 3)
      .map((c) => `${c.id} +${formatBytes(c.addedBytes)}`);
    const tail = largest.length > 0 ? ` (largest: ${largest.join(', ')})` : '';
    lines.push(`closure traced-only ${formatBytes(report.tracedOnlyBytes)}, components +${formatBytes(report.addedBytes)}${tail}`);
  }
  if (report.kept.length > 0) {
    lines.push(`components ${report.kept.length} live, biggest:`);
    for (const c of report.kept.slice(0, 5)) {
      lines.push(`  ${formatBytes(c.bytes).padStart(10)}  ${String(c.files).padStart(5)} files  ${c.id}  (${c.why})`);
    }
  }
  return lines;
}
