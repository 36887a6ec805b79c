// `minify lint [FILE...]`: commander wiring, file and config reading; the linting itself is pure in src/lint/.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode, MinifyError, UsageError } from '../errors.js';
import { formatFindings, type LintFormat } from '../lint/format.js';
import { failsThreshold, lintDockerfile, resolveIgnores, type FailureThreshold } from '../lint/lint.js';
import type { Finding } from '../lint/rule.js';
import { readLintConfig } from './lint-config.js';

interface LintFlags {
  readonly format: LintFormat;
  readonly failureThreshold?: FailureThreshold;
  readonly ignore: string[];
  readonly config?: string;
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** BuildKit reads `<Dockerfile>.dockerignore` first, then `.dockerignore` in the context (assumed: the Dockerfile's dir). */
async function readDockerignore(dockerfilePath: string | undefined): Promise<string | undefined> {
  if (dockerfilePath === undefined) return readOptional('.dockerignore');
  const dir = dirname(dockerfilePath);
  return (await readOptional(join(dir, `${basename(dockerfilePath)}.dockerignore`))) ?? readOptional(join(dir, '.dockerignore'));
}

async function readDockerfile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new MinifyError(`no Dockerfile at ${path}`, { code: ExitCode.notFound, hint: 'pass its path: minify lint path/to/Dockerfile (or - for stdin)' });
    }
    if (code === 'EISDIR') {
      throw new MinifyError(`${path} is a directory, not a Dockerfile`, { code: ExitCode.notFound, hint: `pass the file: minify lint ${join(path, 'Dockerfile')}` });
    }
    throw error;
  }
}

export function registerLint(program: Command): void {
  const require = createRequire(import.meta.url);
  const { version } = require('../../package.json') as { version: string };
  const command = program
    .command('lint')
    .description('Check Dockerfiles for image-size problems (hadolint-style rules MF101…).')
    .argument('[dockerfiles...]', 'Dockerfiles to check (default: ./Dockerfile); - reads stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--failure-threshold <level>', 'exit 12 when a finding is at or above this level (default: warning, or the config file\'s)')
      .choices(['error', 'warning', 'info', 'style', 'none']))
    .option('--ignore <rule>', 'skip a rule (MFxxx or its hadolint DLxxxx id); repeatable', collect, [] as string[])
    .option('--config <file>', 'lint config (default: ./.minify-lint.yml, then ./.hadolint.yaml: ignored, failure-threshold, trustedRegistries)');
  // A failure's json or sarif document is main's to write, as for every command.
  command.action(async (files: string[], flags: LintFlags) => lint(files.length > 0 ? files : ['Dockerfile'], flags, version));
}

async function lint(files: readonly string[], flags: LintFlags, version: string): Promise<void> {
  const config = await readLintConfig(flags.config);
  const ignore = [...flags.ignore, ...config.ignored];
  resolveIgnores(ignore);
  if (files.filter((file) => file === '-').length > 1) throw new UsageError('stdin (-) can be linted once', 'name the other Dockerfiles by path');
  const findings: Finding[] = [];
  for (const file of files) {
    const fromStdin = file === '-';
    const text = fromStdin ? await readStdin() : await readDockerfile(file);
    const dockerignore = await readDockerignore(fromStdin ? undefined : file);
    const result = lintDockerfile(text, { file: fromStdin ? '<stdin>' : file, dockerignore, ignore, trustedRegistries: config.trustedRegistries });
    findings.push(...result.findings);
  }
  process.stdout.write(formatFindings(findings, flags.format, { version }));
  const threshold = flags.failureThreshold ?? config.failureThreshold ?? 'warning';
  if (failsThreshold(findings, threshold)) process.exitCode = ExitCode.lintFindings;
}
