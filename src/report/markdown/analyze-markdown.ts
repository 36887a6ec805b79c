// `minify analyze --format markdown`: the analyze JSON report as a pull-request comment or job
// summary: sizes and efficiency, gates, the biggest wasted paths and junk with their fixes, layers.
import type { AnalysisReport } from '../../analyze/report.js';
import { formatBytes, formatPercent } from '../../format.js';
import { code, document, gateSection, prose, table, text } from './markdown.js';

/** What `--json` prints for analyze (its paths already UTF-8 text). */
export interface AnalyzeJson extends AnalysisReport {
  readonly exitCode: number;
  readonly gates: ReadonlyArray<{ readonly gate: string; readonly limit: number; readonly actual: number; readonly ok: boolean }>;
}

const ROWS = 10;

function gateValue(gate: string, value: number): string {
  return gate === '--min-efficiency' ? formatPercent(value) : formatBytes(value);
}

export function renderAnalyzeMarkdown(report: AnalyzeJson): string {
  const name = report.image ? `${code(report.image.name)} (${code(report.image.id.replace(/^sha256:/, '').slice(0, 12))})` : 'image';
  const summary = [
    `### minify analyze ${name}`,
    '',
    ...table(
      [{ title: 'size', align: 'right' }, { title: 'final files', align: 'right' }, { title: 'efficiency', align: 'right' }, { title: 'wasted', align: 'right' }, { title: 'deleted later', align: 'right' }, { title: 'junk', align: 'right' }],
      [[
        formatBytes(report.totalSize), `${formatBytes(report.finalSize)} in ${report.fileCount}`, formatPercent(report.efficiency),
        formatBytes(report.wastedBytes), formatBytes(report.deletedBytes), `${formatBytes(report.junkBytes)} in ${report.junk.length} findings`,
      ]],
    ),
  ];
  const gates = gateSection(report.gates, (value, gate) => gateValue(gate, value));
  const wasted = [
    `#### Wasted: paths in more than one layer (${formatBytes(report.wastedBytes)})`,
    '',
    ...table([{ title: 'bytes', align: 'right' }, { title: 'layers', align: 'right' }, { title: 'path' }],
      report.inefficiencies.slice(0, ROWS).map((i) => [formatBytes(i.bytes), `${i.count}×`, code(i.path)])),
  ];
  const junk = [
    `#### Junk and how to drop it (${formatBytes(report.junkBytes)})`,
    '',
    ...table([{ title: 'bytes', align: 'right' }, { title: 'kind' }, { title: 'path' }, { title: 'fix' }],
      [...report.junk].sort((a, b) => b.bytes - a.bytes).slice(0, ROWS).map((j) => [formatBytes(j.bytes), text(j.kind), code(j.path), prose(j.suggestion, 240)]),
      '_nothing found_'),
  ];
  const layers = [
    '#### Layers',
    '',
    ...table([{ title: '#', align: 'right' }, { title: 'size', align: 'right' }, { title: 'instruction' }],
      report.layers.map((l) => [String(l.index), formatBytes(l.size), l.instruction ? code(l.instruction, 120) : '_(no history)_'])),
  ];
  return document([summary, gates, wasted, junk, layers]);
}
