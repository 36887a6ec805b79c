// Splits a `--probe-exec` command line into argv as a POSIX shell would (quotes, escapes), with
// shell-quote; there is no shell in the container call, so operators, redirections and globs are refused.
import { parse, quote } from 'shell-quote';
import { UsageError } from '../errors.js';

/** `flag` names the option in messages (--probe-exec, --cmd, --entrypoint). */
export function parseCommandLine(command: string, flag = '--probe-exec'): string[] {
  // `$NAME` stays literal: nothing would expand it, and silently dropping it would run another command.
  const tokens = parse(command, (name) => `$${name}`);
  const argv: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') {
      argv.push(token);
      continue;
    }
    if ('comment' in token) break;
    const operator = token.op === 'glob' ? (token as { pattern: string }).pattern : token.op;
    throw new UsageError(
      `${flag} ${JSON.stringify(command)} uses the shell operator ${JSON.stringify(operator)}, but the command runs without a shell`,
      `to use a shell, say so: ${flag} ${shellHint(command)}`,
    );
  }
  if (argv.length === 0) throw new UsageError(`${flag} needs a command`, `e.g. ${flag} 'redis-cli ping'`);
  return argv;
}

/** `sh -c '<command>'`, quoted twice over so the hint can be pasted into a shell as is. */
function shellHint(command: string): string {
  return quote([`sh -c ${quote([command.trim()])}`]);
}
