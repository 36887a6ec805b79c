// Why a slim image failed verification, in lines a user can act on: what it lacked (misses), where it
// answered differently, and traced files the plan left out.
import { isNeverKept } from '../plan/allowlist.js';
import { displayPath } from '../image/paths.js';
import type { Manifest, SlimPlan, TraceReport } from '../types.js';
import { describeMiss, type RefineOutcome } from './refine.js';

export function explainVerifyFailure(outcome: RefineOutcome, slimTag: string, manifest: Manifest, trace: TraceReport): string[] {
  const lines: string[] = [];
  for (const failed of outcome.results.filter((result) => !result.ok)) {
    lines.push(`verify failed: probe ${failed.name} failed against ${slimTag}: ${failed.error ?? 'failed'}`);
  }
  for (const difference of outcome.behaviour) lines.push(`behaviour differs from the source: ${difference}`);
  for (const miss of outcome.lastMisses.slice(0, 10)) lines.push(`slim lacks ${describeMiss(miss)}`);
  if (outcome.lastMisses.length > 10) lines.push(`slim lacks ${outcome.lastMisses.length - 10} more paths (see misses in --report)`);
  lines.push(...leftOut(outcome.plan, manifest, trace));
  return lines;
}

/** Traced files the slim image lacks (--exclude or never-kept), then paths the source lacks too. */
function leftOut(plan: SlimPlan, manifest: Manifest, trace: TraceReport): string[] {
  const dropped = [...new Set(trace.events.map((event) => event.path))]
    .filter((path) => manifest.entries.has(path) && !plan.keep.has(path) && !isNeverKept(path))
    .sort();
  const lines: string[] = [];
  if (dropped.length > 0) {
    lines.push(`traced files left out of the slim image (--exclude or never-kept), first 10: ${dropped.slice(0, 10).map(displayPath).join(' ')}`);
  }
  if (plan.missing.length > 0) {
    lines.push(`paths the app looked for that the source image lacks too, first 10: ${plan.missing.slice(0, 10).map(displayPath).join(' ')}`);
  }
  return lines;
}
