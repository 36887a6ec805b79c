// --probe-exec splitting: shell quoting and escapes work, shell operators are refused with a hint.
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { parseCommandLine } from '../../src/probes/command-line.js';
import { execProbe } from '../../src/probes/exec-probe.js';

function refusal(command: string): MinifyError {
  try {
    parseCommandLine(command);
  } catch (error) {
    if (error instanceof MinifyError) return error;
    throw error;
  }
  throw new Error(`${command} was not refused`);
}

describe('parseCommandLine', () => {
  it('keeps quoted arguments whole', () => {
    expect(parseCommandLine(`sh -c "redis-cli ping"`)).toEqual(['sh', '-c', 'redis-cli ping']);
    expect(parseCommandLine(`psql -c "select 1"`)).toEqual(['psql', '-c', 'select 1']);
    expect(parseCommandLine(`sh -c 'redis-cli ping | grep PONG'`)).toEqual(['sh', '-c', 'redis-cli ping | grep PONG']);
    expect(parseCommandLine(`  redis-cli   ping  `)).toEqual(['redis-cli', 'ping']);
  });

  it('understands escapes, mixed quotes and operators inside quotes', () => {
    expect(parseCommandLine(String.raw`echo a\ b "c\"d" 'e "f"' a\|b "x && y"`)).toEqual(['echo', 'a b', 'c"d', 'e "f"', 'a|b', 'x && y']);
    expect(parseCommandLine(`psql -c "select 'it''s'"`)).toEqual(['psql', '-c', "select 'it''s'"]);
  });

  it('leaves $NAME literal (no shell expands it) and drops a trailing comment', () => {
    expect(parseCommandLine(`echo $HOME "$X" # note`)).toEqual(['echo', '$HOME', '$X']);
  });

  it.each([
    ['redis-cli ping | grep PONG', '|'],
    ['true && false', '&&'],
    ['echo x > /tmp/f', '>'],
    ['a; b', ';'],
    ['sleep 1 &', '&'],
    ['ls /app/*.js', '/app/*.js'],
  ])('refuses %s (exit 2) with a sh -c hint', (command, operator) => {
    const error = refusal(command);
    expect(error.code).toBe(ExitCode.usage);
    expect(error.message).toContain(`operator ${JSON.stringify(operator)}`);
    expect(error.hint).toContain('sh -c ');
  });

  it('quotes the hint so that pasted back it runs the command under sh -c', () => {
    for (const command of [`echo 'a' | cat`, `echo "$X" > /tmp/f`, 'a && b']) {
      const pasted = refusal(command).hint?.replace('to use a shell, say so: --probe-exec ', '') ?? '';
      const [asOneArgument] = parse(pasted) as string[];
      expect(parseCommandLine(asOneArgument ?? '')).toEqual(['sh', '-c', command]);
    }
  });

  it('refuses an empty command', () => {
    expect(refusal('   ').message).toMatch(/needs a command/);
  });
});

describe('execProbe', () => {
  it('names the probe by its argv, quoted', () => {
    expect(execProbe(`psql -c "select 1"`).name).toBe(`exec: psql -c 'select 1'`);
  });
});
