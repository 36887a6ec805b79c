// The human summary of `minify run`: sizes and ratio, what was kept and why, probes, timings.
import { formatBytes } from '../format.js';
import type { ProbeResult } from '../types.js';
import { componentSummaryLines } from './components-report.js';
import { lastRoundMisses, type RunReport } from './run-report.js';

function probeLines(title: string, results: readonly ProbeResult[] | undefined): string[] {
  if (!results) return [];
  const lines = [`${title}:`];
  for (const result of results) {
    const mark = result.ok ? 'ok  ' : 'FAIL';
    const tail = result.ok ? '' : ` — ${result.error ?? 'failed'}`;
    const steps = result.steps?.length ? `, ${result.steps.length} steps in the report` : '';
    lines.push(`  ${mark} ${result.name} (${(result.durationMs / 1000).toFixed(1)}s${steps})${tail}`);
  }
  return lines;
}

export function formatRunSummary(report: RunReport): string {
  const lines: string[] = [];
  const slim = report.slim;
  lines.push(`source  ${report.source.ref}  ${formatBytes(report.source.bytes)}`);
  if (slim) {
    const state = slim.kept ? '' : '  (removed: failed verification)';
    const ratio = report.ratio ? `  ${report.ratio.toFixed(1)}x smaller` : '';
    lines.push(`slim    ${slim.ref}  ${formatBytes(slim.bytes)}${ratio}${state}`);
  }
  if (report.debug) lines.push(`debug   ${report.debug.ref}  ${formatBytes(report.debug.bytes)}`);
  if (report.engine && report.engine.via !== 'default') {
    lines.push(`engine  ${report.engine.address} (${report.engine.via}); probes dialed ${report.engine.probeHost}`);
  }
  lines.push(
    `files   ${report.files.kept} kept, ${report.files.dropped} dropped of ${report.files.source}; ` +
      `used by the app: ${formatBytes(report.tracedFileBytes)}, kept: ${formatBytes(report.keptFileBytes)}`,
  );
  const reasons = Object.entries(report.keptByReason)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`);
  lines.push(`why     ${reasons.join(', ')}`);
  if (report.packages && report.packages.source > 0) lines.push(`packages ${report.packages.source} → ${report.packages.kept.length}`);
  if (report.topKeptDirs.length > 0) {
    lines.push('top kept dirs:');
    for (const { dir, bytes } of report.topKeptDirs) lines.push(`  ${formatBytes(bytes).padStart(10)}  ${dir}`);
  }
  lines.push(...componentSummaryLines(report.components));
  lines.push(...probeLines('probes (trace)', report.probes.trace));
  lines.push(...probeLines('probes (verify)', report.probes.verify));
  for (const repair of report.repairs) {
    lines.push(`repair  round ${repair.round}: kept ${repair.added.length} more path(s) for ${repair.because.slice(0, 3).join(', ')}${repair.because.length > 3 ? ' …' : ''}`);
  }
  const open = lastRoundMisses(report);
  if (open.length > 0 && report.verified === 'passed') lines.push(`misses  ${open.length} path(s) looked for in vain that the source has (harmless here: verification passed; see --report)`);
  lines.push(`verify  ${report.verified}`);
  for (const tag of report.pushed ?? []) lines.push(`push    ${tag.ref}  ${tag.ok ? `pushed${tag.digest ? ` ${tag.digest}` : ''}` : tag.error ?? 'failed'}`);
  for (const warning of [...report.trace.warnings, ...report.planWarnings]) lines.push(`warning ${warning}`);
  const timings = report.timings.map(({ phase, seconds }) => `${phase} ${seconds.toFixed(1)}s`).join(', ');
  if (timings) lines.push(`time    ${timings}`);
  return `${lines.join('\n')}\n`;
}
