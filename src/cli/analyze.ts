// `minify analyze IMAGE`: layers, biggest paths, junk and dive's efficiency, as text or JSON, with CI gates.
import { Option, type Command } from 'commander';
import { withCleanup } from '../cleanup.js';
import { ExitCode } from '../errors.js';
import { analyzeImageByName } from '../pipeline/analyze-image.js';
import { chooseProgressStyle, createProgress, timed } from '../progress.js';
import { renderAnalyzeMarkdown } from '../report/markdown/analyze-markdown.js';
import { checkGates, formatReportText, reportToJson, type AnalyzeFlags } from './analyze-output.js';
import { checkImageOrFile } from './image-argument.js';
import { formatReadBytes } from '../format.js';
import { parseCount, parseRatio, parseSize } from './format.js';
import { writeHtmlReport } from './html-output.js';
import { assertWritableDir } from '../pipeline/output-target.js';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('Show where an image\'s bytes go: layers, biggest paths, junk, wasted bytes and efficiency (dive\'s score).')
    .argument('<image>', 'image name or id in the local engine')
    .option('--json', 'print the report as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'what stdout gets: the text report, JSON, or Markdown for a pull request or job summary').choices(['text', 'json', 'markdown']).default('text'))
    .option('--top <n>', 'how many biggest files/dirs to list', (v) => parseCount(v, '--top'), 10)
    .option('--max-size <size>', 'fail (exit 11) if the image is bigger, e.g. 500MB, 1.2GiB', (v) => parseSize(v, '--max-size'))
    .option('--min-efficiency <ratio>', 'fail (exit 11) if efficiency is lower, 0..1 or a percent', (v) => parseRatio(v, '--min-efficiency'))
    .option('--max-wasted <size>', 'fail (exit 11) if more bytes are wasted, e.g. 50MB', (v) => parseSize(v, '--max-wasted'))
    .option('--html <file>', 'also write the report as one self-contained HTML page (treemap, layers, junk) to FILE')
    // A failure's JSON document (--json, --format json) is main's to write, as for every command.
    .action(async (image: string, given: AnalyzeFlags) => analyze(image, given.format === 'json' ? { ...given, json: true } : given));
}

async function analyze(image: string, flags: AnalyzeFlags): Promise<void> {
  await checkImageOrFile(image);
  if (flags.html) await assertWritableDir(flags.html, '--html');
  const progress = createProgress(chooseProgressStyle({ json: flags.json }));
  const report = await withCleanup(async (disposer) => {
    return timed(progress, `reading ${image}`, (phase) => analyzeImageByName({
      image, disposer, top: flags.top,
      onSavedBytes: (read, total) => phase.update(formatReadBytes(read, total)),
      onLayer: (listed, total) => phase.update(`layer ${listed}/${total} listed`),
    }));
  });
  const gates = checkGates(report, flags);
  const json = reportToJson(report, gates);
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'analyze', title: `minify analyze ${image}`, report: json });
  process.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : flags.format === 'markdown' ? renderAnalyzeMarkdown(json) : formatReportText(report));
  for (const gate of gates.filter((g) => !g.ok)) process.stderr.write(`minify: gate failed: ${gate.message}\n`);
  if (gates.some((g) => !g.ok)) process.exitCode = ExitCode.gateExceeded;
}
