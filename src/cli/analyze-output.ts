// `minify analyze` output: the CI gates, the JSON form (UTF-8 paths) and the plain-text sections.
import type { AnalysisReport } from '../analyze/report.js';
import { ExitCode } from '../errors.js';
import { displayPath } from '../image/paths.js';
import type { AnalyzeJson } from '../report/markdown/analyze-markdown.js';
import { formatBytes, formatPercent } from '../format.js';
import { formatTable } from './format.js';

export interface AnalyzeFlags {
  readonly json?: boolean;
  readonly top: number;
  readonly maxSize?: number;
  readonly minEfficiency?: number;
  readonly maxWasted?: number;
  readonly html?: string;
  readonly format?: 'text' | 'json' | 'markdown';
}

export interface GateResult {
  readonly gate: '--max-size' | '--min-efficiency' | '--max-wasted';
  readonly limit: number;
  readonly actual: number;
  readonly ok: boolean;
  /** The line printed when it fails. */
  readonly message: string;
}

export function checkGates(report: AnalysisReport, flags: Omit<AnalyzeFlags, 'json' | 'top' | 'html' | 'format'>): GateResult[] {
  const gates: GateResult[] = [];
  if (flags.maxSize !== undefined) {
    gates.push({
      gate: '--max-size', limit: flags.maxSize, actual: report.totalSize, ok: report.totalSize <= flags.maxSize,
      message: `image size ${formatBytes(report.totalSize)} exceeds --max-size ${formatBytes(flags.maxSize)}`,
    });
  }
  if (flags.minEfficiency !== undefined) {
    gates.push({
      gate: '--min-efficiency', limit: flags.minEfficiency, actual: report.efficiency, ok: report.efficiency >= flags.minEfficiency,
      message: `efficiency ${formatPercent(report.efficiency)} is below --min-efficiency ${formatPercent(flags.minEfficiency)}`,
    });
  }
  if (flags.maxWasted !== undefined) {
    gates.push({
      gate: '--max-wasted', limit: flags.maxWasted, actual: report.wastedBytes, ok: report.wastedBytes <= flags.maxWasted,
      message: `wasted ${formatBytes(report.wastedBytes)} exceeds --max-wasted ${formatBytes(flags.maxWasted)}`,
    });
  }
  return gates;
}

/** The report with every image path turned into UTF-8 text, plus the gate results. */
export function reportToJson(report: AnalysisReport, gates: readonly GateResult[]): AnalyzeJson & { readonly schema: 1 } {
  const shown = <T extends { path: string }>(items: readonly T[]) => items.map((item) => ({ ...item, path: displayPath(item.path) }));
  return {
    schema: 1,
    exitCode: gates.some((gate) => !gate.ok) ? ExitCode.gateExceeded : ExitCode.ok,
    ...report,
    inefficiencies: shown(report.inefficiencies),
    biggestFiles: shown(report.biggestFiles),
    biggestDirs: shown(report.biggestDirs),
    junk: shown(report.junk),
    deleted: shown(report.deleted),
    gates: gates.map(({ gate, limit, actual, ok }) => ({ gate, limit, actual, ok })),
  };
}

function section(title: string, rows: readonly (readonly string[])[], align: Parameters<typeof formatTable>[1], empty = '(none)'): string[] {
  return ['', title, ...(rows.length === 0 ? [`  ${empty}`] : formatTable(rows, align).map((line) => `  ${line}`))];
}

export function formatReportText(report: AnalysisReport): string {
  const lines: string[] = [];
  if (report.image) lines.push(`Image ${report.image.name} (${report.image.id.replace(/^sha256:/, '').slice(0, 12)})`);
  lines.push(...section('Layers', [['#', 'SIZE', 'INSTRUCTION'], ...report.layers.map((l) => [String(l.index), formatBytes(l.size), l.instruction || '(no history)'])], ['right', 'right', 'left']));
  lines.push(...section('Biggest dirs', report.biggestDirs.map((d) => [formatBytes(d.size), displayPath(d.path)]), ['right', 'left']));
  lines.push(...section('Biggest files', report.biggestFiles.map((f) => [formatBytes(f.size), displayPath(f.path), `layer ${f.layerIndex}`]), ['right', 'left', 'left']));
  lines.push(...section('Wasted (paths in more than one layer)', report.inefficiencies.map((i) => [formatBytes(i.bytes), `${i.count}x`, displayPath(i.path)]), ['right', 'right', 'left']));
  lines.push(...section('Deleted by a later layer (still shipped)', report.deleted.map((d) => [formatBytes(d.bytes), `layer ${d.layerIndex}`, displayPath(d.path)]), ['right', 'left', 'left']));
  lines.push(...section('Junk', report.junk.map((j) => [j.kind, displayPath(j.path), formatBytes(j.bytes), j.suggestion]), ['left', 'left', 'right', 'left'], 'nothing found'));
  lines.push(
    '',
    'Summary',
    ...formatTable([
      ['total size', formatBytes(report.totalSize)],
      ['final files', `${formatBytes(report.finalSize)} in ${report.fileCount} files`],
      ['wasted (dive)', formatBytes(report.wastedBytes)],
      ['deleted later', formatBytes(report.deletedBytes)],
      ['efficiency', formatPercent(report.efficiency)],
      ['junk', `${formatBytes(report.junkBytes)} in ${report.junk.length} findings`],
    ], ['left', 'right']).map((line) => `  ${line}`),
  );
  return `${lines.join('\n')}\n`;
}

