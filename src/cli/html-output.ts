// Writes a report as one self-contained HTML page (--html FILE), with d3-hierarchy's browser bundle inlined.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReportFile } from '../pipeline/output-target.js';
import { renderHtmlReport, type HtmlReportInput } from '../report/html/page.js';

async function d3HierarchySource(): Promise<string> {
  // The package's "umd" export is its browser bundle; resolve the ESM entry and take the file beside it.
  const entry = fileURLToPath(import.meta.resolve('d3-hierarchy'));
  return readFile(join(dirname(entry), 'd3-hierarchy.min.js'), 'utf8');
}

export async function writeHtmlReport(file: string, input: Omit<HtmlReportInput, 'd3Source'>): Promise<void> {
  const html = renderHtmlReport({ ...input, d3Source: await d3HierarchySource() });
  await writeReportFile('--html', file, html);
}
