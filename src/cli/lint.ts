// `minify lint`: commander wiring and file reading; the linting itself is pure in src/lint/.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode, MinifyError } from '../errors.js';
import { formatFindings, type LintFormat } from '../lint/format.js';
import { failsThreshold, lintDockerfile, resolveIgnores, type FailureThreshold } from '../lint/lint.js';

interface LintFlags {
  readonly format: LintFormat;
  readonly failureThreshold: FailureThreshold;
  readonly ignore: string[];
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
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new MinifyError(`no Dockerfile at ${path}`, { code: ExitCode.notFound, hint: 'pass its path: minify lint path/to/Dockerfile (or - for stdin)' });
    }
    throw error;
  }
}

export function registerLint(program: Command): void {
  const require = createRequire(import.meta.url);
  program
    .command('lint')
    .description('Check a Dockerfile for image-size problems (hadolint-style rules MF101…).')
    .argument('[dockerfile]', 'Dockerfile to check; - reads stdin', 'Dockerfile')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--failure-threshold <level>', 'exit 12 when a finding is at or above this level')
      .choices(['error', 'warning', 'info', 'style', 'none']).default('warning'))
    .option('--ignore <rule>', 'skip a rule (MFxxx or its hadolint DLxxxx id); repeatable', collect, [] as string[])
    .action(async (file: string, flags: LintFlags) => {
      resolveIgnores(flags.ignore);
      const fromStdin = file === '-';
      const text = fromStdin ? await readStdin() : await readDockerfile(file);
      const dockerignore = await readDockerignore(fromStdin ? undefined : file);
      const { findings } = lintDockerfile(text, { file: fromStdin ? '<stdin>' : file, dockerignore, ignore: flags.ignore });
      const { version } = require('../../package.json') as { version: string };
      process.stdout.write(formatFindings(findings, flags.format, { version }));
      if (failsThreshold(findings, flags.failureThreshold)) process.exitCode = ExitCode.lintFindings;
    });
}
