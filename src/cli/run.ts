// `minify run IMAGE`: commander wiring for the main job; the work is in src/pipeline/run-minify.ts.
import { Command, Option } from 'commander';
import { withCleanup } from '../cleanup.js';
import { ExitCode, UsageError } from '../errors.js';
import { checkImageArgument } from '../image/ref.js';
import { assertWritableDir, writeReportFile } from '../pipeline/output-target.js';
import { runMinify, type RunOptions } from '../pipeline/run-minify.js';
import { chooseProgressStyle, createProgress } from '../progress.js';
import { formatRunSummary } from '../report/run-summary.js';
import { assertCompanions } from './flag-rules.js';
import { parseSize } from './format.js';
import { writeHtmlReport } from './html-output.js';
import { addContainerOptions, containerOptionsFrom, type ContainerFlags } from './run-container-options.js';
import { readRunConfig, resolveRuns } from './run-config-file.js';
import { perImageFiles } from './run-file-flags.js';
import { runImages, type RunResult } from './run-images.js';
import { addLifetimeOptions, lifetimeRunOptions, type LifetimeFlags } from './run-lifetime-options.js';
import { addClosureOptions, closureRules, type ClosureFlags } from './run-closure-options.js';
import { addMarkdownOptions, assertMarkdownTarget, writeRunMarkdown, type MarkdownFlags } from './run-markdown-options.js';
import { addPushOptions, pushRunOptions, type PushFlags } from './run-push-options.js';
import { addProbeOptions, probeSettingsFrom, type ProbeFlags } from './run-probe-options.js';
import { addTargetOptions, targetSettingsFrom, type TargetFlags } from './run-target-options.js';
import { addReadImageOptions, readImageRunOptions, type ReadImageFlags } from './run-read-image-options.js';
import { addSbomOptions, sbomRunOptions, type SbomFlags } from './run-sbom-options.js';
import { addVerifyOptions, verifyRunOptions, type VerifyFlags } from './run-verify-options.js';

const COMPANIONS = [{ flag: 'jobTimeout', needs: 'job' }];

const collect = (value: string, previous: string[]) => [...previous, value];

function parseSeconds(flag: string) {
  return (value: string): number => {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`${flag} takes a positive number of seconds, got "${value}"`, `e.g. ${flag} 30`);
    return seconds;
  };
}

function parseBool(value: string): boolean {
  if (/^(true|yes|1|on)$/i.test(value)) return true;
  if (/^(false|no|0|off)$/i.test(value)) return false;
  throw new UsageError(`--verify takes true or false, got "${value}"`, 'e.g. --verify false, or --no-verify');
}

interface RunFlags extends MarkdownFlags, PushFlags, ProbeFlags, TargetFlags, ContainerFlags, SbomFlags, ReadImageFlags, ClosureFlags, VerifyFlags, LifetimeFlags {
  probe: string[];
  probeExec: string[];
  tag?: string;
  debug?: boolean;
  include: string[];
  includeBin: string[];
  includeShell?: boolean;
  exclude: string[];
  sensorMode: 'both' | 'fanotify' | 'ptrace';
  job?: boolean;
  jobTimeout: number;
  readyTimeout: number;
  probeTimeout: number;
  verify: boolean;
  keepFailed?: boolean;
  maxSize?: string;
  report?: string;
  html?: string;
  output?: string;
  outputFormat: 'docker' | 'oci';
  json?: boolean;
  quiet?: boolean;
}

/** The run command with all its options, no action yet (tests parse flags with it). */
export function defineRunCommand(program: Command): Command {
  const command = program
    .command('run')
    .description('trace IMAGE with probes, build IMAGE-slim from the files it used, verify it with the same probes')
    .argument('[image]', 'source image, e.g. app:1.4 (never modified or retagged); none: the images of minify.yml')
    .option('--config <file>', 'read run flags per image from FILE (default: ./minify.yml when present; MINIFY_CONFIG)')
    .option('--probe <file>', 'probe script (TS/JS module with a default async function); repeatable', collect, [])
    .option('--probe-exec <cmd>', 'command run inside the container as a probe (non-zero exit fails); repeatable', collect, [])
    .option('--tag <name:tag>', 'tag for the slim image (default <repo>:<tag>-slim)')
    .option('--debug', 'also build <repo>:<tag>-debug: the slim layer plus a shell and core utilities')
    .option('--include <glob>', 'also keep paths matching this glob; repeatable', collect, [])
    .option('--include-bin <path>', 'also keep this binary with its symlinks and shared libraries; repeatable', collect, [])
    .option('--include-shell', 'also keep /bin/sh and what it needs')
    .option('--exclude <glob>', 'never keep paths matching this glob; repeatable', collect, [])
    .addOption(new Option('--sensor-mode <mode>', 'how the sensor watches').choices(['both', 'fanotify', 'ptrace']).default('both'))
    .option('--job', 'the image runs a job to completion (a CLI or batch task), not a service: trace it until it exits 0, verify the slim image exits 0 too')
    .option('--job-timeout <seconds>', 'with --job: how long the job may run', parseSeconds('--job-timeout'), 300)
    .option('--ready-timeout <seconds>', 'wait this long for exposed ports to answer', parseSeconds('--ready-timeout'), 60)
    .option('--probe-timeout <seconds>', 'time limit for each probe', parseSeconds('--probe-timeout'), 120)
    .option('--verify <bool>', 'run the probes against the slim image (--verify=false skips)', parseBool, true)
    .option('--no-verify', 'same as --verify=false')
    .option('--keep-failed', 'keep the slim tag even when verification fails')
    .option('--max-size <size>', 'fail (exit 11) when the slim image is bigger than SIZE, e.g. 50MB')
    .option('--report <file>', 'write the JSON report, with a reason for every kept path, to FILE')
    .option('--html <file>', 'also write the report as one self-contained HTML page (treemap of kept and dropped bytes, components, probes) to FILE')
    .option('--output <file>', 'also write the slim image as a tar to FILE (docker load -i FILE)')
    .addOption(new Option('--output-format <layout>', 'layout of --output: docker-archive, or an OCI image layout').choices(['docker', 'oci']).default('docker'))
    .option('--json', 'print the JSON report on stdout instead of the summary')
    .option('--quiet', 'no progress lines');
  addProbeOptions(command);
  addTargetOptions(command);
  addSbomOptions(command);
  addReadImageOptions(command);
  addContainerOptions(command);
  addClosureOptions(command);
  addVerifyOptions(command);
  addPushOptions(command);
  addMarkdownOptions(command);
  addLifetimeOptions(command);
  return command;
}

export function registerRun(program: Command): void {
  const command = defineRunCommand(program);
  command.action(async (image: string | undefined, typed: RunFlags & { config?: string }) => {
    const file = await readRunConfig(command, typed.config, process.env);
    const runs = perImageFiles(resolveRuns(command, image, process.env, file));
    // Every image's flags are checked before the first run starts.
    for (const run of runs) assertCompanions(run, COMPANIONS);
    for (const { flags } of runs as unknown as ReadonlyArray<{ flags: RunFlags }>) {
      if (flags.report) await assertWritableDir(flags.report, '--report');
      if (flags.html) await assertWritableDir(flags.html, '--html');
      await assertMarkdownTarget(flags);
    }
    const runOne = (run: (typeof runs)[number]) => runImage(run.image, run.flags as unknown as RunFlags);
    const exitCode = await runImages(runs, { fromFile: image === undefined, runOne, write: writeStdout });
    if (exitCode !== ExitCode.ok) process.exitCode = exitCode;
  });
}

/** One image's run with its resolved flags: prints the summary (not --json) and returns its report (a run that stops early throws). */
async function runImage(image: string, flags: RunFlags): Promise<RunResult> {
  checkImageArgument(image);
  const options: RunOptions = {
    image,
    probeFiles: flags.probe,
    probeExecs: flags.probeExec,
    probeSettings: probeSettingsFrom(flags),
    targetSettings: targetSettingsFrom(flags),
    container: await containerOptionsFrom(flags),
    tag: flags.tag,
    debug: flags.debug === true,
    rules: {
      include: flags.include,
      includeBin: flags.includeBin,
      includeShell: flags.includeShell === true,
      exclude: flags.exclude,
      ...closureRules(flags),
    },
    sensorMode: flags.sensorMode,
    readyTimeoutMs: flags.readyTimeout * 1000,
    ...(flags.job ? { jobTimeoutMs: flags.jobTimeout * 1000 } : {}),
    probeTimeoutMs: flags.probeTimeout * 1000,
    verify: flags.verify,
    keepFailed: flags.keepFailed === true,
    maxSizeBytes: flags.maxSize === undefined ? undefined : parseSize(flags.maxSize, '--max-size'),
    outputTar: flags.output,
    outputLayout: flags.outputFormat,
    ...verifyRunOptions(flags),
    ...sbomRunOptions(flags),
    ...readImageRunOptions(flags),
    ...pushRunOptions(flags),
    ...lifetimeRunOptions(flags),
  };
  const progress = createProgress(chooseProgressStyle(flags));
  let outcome;
  try {
    outcome = await withCleanup((disposer, signal) => runMinify(options, { disposer, signal, progress }));
  } catch (error) {
    await writeRunMarkdown(flags, { image, error });
    throw error;
  }
  // Gates and a failed verification do not throw: the report says why, next to the exit code.
  const document = { ...outcome.report, exitCode: outcome.exitCode, failures: outcome.failures };
  const machineReport = `${JSON.stringify(document, null, 2)}\n`;
  if (flags.report) await writeReportFile('--report', flags.report, machineReport);
  await writeRunMarkdown(flags, { image, report: JSON.parse(machineReport) });
  if (flags.html) await writeHtmlReport(flags.html, { kind: 'run', title: `minify run ${image}`, report: JSON.parse(machineReport) });
  // main() exits the process when the run returns: wait until a big report has left for the pipe.
  if (!flags.json) await writeStdout(formatRunSummary(outcome.report));
  for (const line of outcome.failures) process.stderr.write(`minify: ${line}\n`);
  return { exitCode: outcome.exitCode, document };
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
