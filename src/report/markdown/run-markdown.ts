// `minify run --markdown FILE`: the run's JSON report as a pull-request comment or job summary:
// source vs slim sizes and ratio, gates, verification, probes, the biggest kept components, pushes.
import { formatBytes } from '../../format.js';
import type { ProbeResult } from '../../types.js';
import { lastRoundMisses, type RunReport } from '../run-report.js';
import { code, document, gateSection, mark, table, text } from './markdown.js';

/** What `--json` and `--report` write for a run. */
export interface RunJson extends RunReport {
  readonly exitCode: number;
  readonly failures: readonly string[];
}

const COMPONENTS = 10;

function sizes(report: RunJson): string[] {
  const rows = [['source', code(report.source.ref), formatBytes(report.source.bytes), '']];
  if (report.slim) {
    const state = report.slim.kept ? '' : 'removed (failed verification)';
    rows.push(['slim', code(report.slim.ref), formatBytes(report.slim.bytes), state]);
  }
  if (report.debug) rows.push(['debug', code(report.debug.ref), formatBytes(report.debug.bytes), '']);
  const ratio = report.ratio ? `**${report.ratio.toFixed(1)}× smaller**, ` : '';
  return [
    ...table([{ title: 'image' }, { title: 'tag' }, { title: 'size', align: 'right' }, { title: 'note' }], rows),
    '',
    `${ratio}${report.files.kept} of ${report.files.source} files kept; the app used ${formatBytes(report.tracedFileBytes)}, the slim layer keeps ${formatBytes(report.keptFileBytes)}.`,
  ];
}

function verification(report: RunJson): string[] {
  const word = { passed: mark(true, 'passed'), failed: mark(false, 'failed'), skipped: '⏭️ skipped (--no-verify)' }[report.verified];
  const lines = [`#### Verification: ${word}`];
  for (const repair of report.repairs) {
    lines.push('', `- repair round ${repair.round}: kept ${repair.added.length} more path(s) for ${repair.because.slice(0, 3).map((p) => code(p)).join(', ')}`);
  }
  const open = lastRoundMisses(report);
  if (open.length > 0) lines.push('', `- ${open.length} path(s) looked for in vain that the source has, e.g. ${open.slice(0, 3).map((m) => code(m.path)).join(', ')}`);
  for (const difference of report.behaviour.slice(0, 5)) lines.push('', `- behaviour: ${text(difference, 240)}`);
  return lines;
}

function probeRows(phase: string, results: readonly ProbeResult[] | undefined): string[][] {
  return (results ?? []).map((r) => [phase, code(r.name), mark(r.ok), `${(r.durationMs / 1000).toFixed(1)} s`, r.ok ? '' : text(r.error ?? 'failed', 240)]);
}

export function renderRunMarkdown(report: RunJson): string {
  const title = report.exitCode === 0 ? mark(true, 'succeeded') : mark(false, `failed (exit ${report.exitCode})`);
  const gates = report.gates ?? [];
  const components = report.components.kept.slice(0, COMPONENTS);
  return document([
    [`### minify run ${code(report.source.ref)}: ${title}`, '', ...sizes(report)],
    gateSection(gates, formatBytes),
    verification(report),
    ['#### Probes', '', ...table([{ title: 'phase' }, { title: 'probe' }, { title: 'result' }, { title: 'time', align: 'right' }, { title: 'error' }],
      [...probeRows('trace', report.probes.trace), ...probeRows('verify', report.probes.verify)])],
    components.length === 0 ? [] : [
      `#### Top kept components (${report.components.kept.length} live)`, '',
      ...table([{ title: 'component' }, { title: 'bytes', align: 'right' }, { title: 'files', align: 'right' }, { title: 'why it is live' }],
        components.map((c) => [code(c.id), formatBytes(c.bytes), String(c.files), text(c.why)])),
    ],
    !report.pushed ? [] : ['#### Pushed', '', ...table([{ title: 'tag' }, { title: 'result' }, { title: 'digest' }],
      report.pushed.map((p) => [code(p.ref), p.ok ? mark(true, 'pushed') : mark(false, text(p.error ?? 'failed')), p.digest ? code(p.digest) : '']))],
    report.failures.length === 0 ? [] : ['#### Why the run failed', '', ...report.failures.map((line) => `- ${text(line, 300)}`)],
  ]);
}

/** A run that stopped early (a probe failed on the source, the app exited …): what and how to fix it. */
export function renderRunFailureMarkdown(image: string, failure: { readonly code: number; readonly message: string; readonly hint?: string }): string {
  return document([
    [`### minify run ${code(image)}: ${mark(false, `failed (exit ${failure.code})`)}`],
    [text(failure.message, 600), ...(failure.hint ? ['', `_${text(failure.hint, 300)}_`] : [])],
  ]);
}
