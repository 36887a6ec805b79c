// CLI entry: wires the commands and turns failures into one line and a distinct exit code.
// This is the only place that calls process.exit.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { engineFailure } from '../engine/engine-error.js';
import { describeFailure, escapeControl, ExitCode, UsageError } from '../errors.js';
import { registerAnalyze } from './analyze.js';
import { registerGc } from './gc.js';
import { registerLint } from './lint.js';
import { isDocumented, jsonFailure, machineFormatOf, sarifFailure } from './machine-error.js';
import { registerRun } from './run.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('minify')
    .description('Make Docker images small by watching what they really use.')
    .version(version, '-V, --version')
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) })
    .exitOverride();
  registerRun(program);
  registerAnalyze(program);
  registerLint(program);
  registerGc(program);
  return program;
}

const USAGE_HINT = 'run minify --help, or minify COMMAND --help, for usage';

/** commander's "error: unknown option '--x'" as minify's one line, with where to look. */
function oneLine(text: string): string {
  return `${escapeControl(`minify: ${text.replace(/^error: /, '').replace(/\s+/g, ' ').trim()} (${USAGE_HINT})`)}\n`;
}

/** `--json` and lint's json/sarif readers get a document for every failure; the one line still goes to stderr. */
function writeFailureDocument(argv: readonly string[], error: unknown): void {
  if (isDocumented(error)) return;
  const format = machineFormatOf(argv.slice(2));
  if (format === 'json') process.stdout.write(jsonFailure(error));
  if (format === 'sarif') process.stdout.write(sarifFailure(error, version));
}

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      writeFailureDocument(argv, new UsageError(error.message.replace(/^error: /, ''), USAGE_HINT));
      return ExitCode.usage;
    }
    // analyze's and lint's failures, and run's flag and config errors: run documents the rest itself.
    writeFailureDocument(argv, engineFailure(error) ?? error);
    const withStack = process.env.MINIFY_DEBUG === '1';
    const { line, code } = describeFailure(engineFailure(error) ?? error, { withStack });
    process.stderr.write(`${line}\n`);
    if (withStack && error instanceof Error && error.stack && !line.includes(error.stack)) process.stderr.write(`${error.stack}\n`);
    return code;
  }
}

/** A pipe takes large output asynchronously: exiting before it drains would cut a --json report short. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

const exitCode = await main(process.argv);
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(exitCode);
