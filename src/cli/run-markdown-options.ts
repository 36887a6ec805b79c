// `minify run --markdown FILE`: the run report as Markdown for a pull request or a CI job summary,
// drawn from the same JSON as --report; a run that stops early writes what stopped it.
import type { Command } from 'commander';
import { renderRunFailureMarkdown, renderRunMarkdown, type RunJson } from '../report/markdown/run-markdown.js';
import { assertWritableDir, writeReportFile } from '../pipeline/output-target.js';
import { failureReport } from './machine-error.js';

export interface MarkdownFlags {
  markdown?: string;
  /** Set by perImageFiles for the second and later runs sharing one --markdown file. */
  markdownAppend?: boolean;
}

export function addMarkdownOptions(command: Command): Command {
  return command.option('--markdown <file>', 'also write the report as Markdown (sizes, ratio, gates, verification, probes, top components) to FILE, e.g. $GITHUB_STEP_SUMMARY');
}

/** Fails before any run when the --markdown file could not be written at the end. */
export async function assertMarkdownTarget(flags: MarkdownFlags): Promise<void> {
  if (flags.markdown) await assertWritableDir(flags.markdown, '--markdown');
}

/** Writes the Markdown of a finished run (its machine report) or of a failure, when --markdown asks. */
export async function writeRunMarkdown(flags: MarkdownFlags, run: { image: string; report: RunJson } | { image: string; error: unknown }): Promise<void> {
  if (!flags.markdown) return;
  const markdown = 'report' in run ? renderRunMarkdown(run.report) : renderRunFailureMarkdown(run.image, failureReport(run.error));
  if (flags.markdownAppend) await writeReportFile('--markdown', flags.markdown, `\n${markdown}`, 'append');
  else await writeReportFile('--markdown', flags.markdown, markdown);
}
