// Rough shell reading for rules: RUN script text split into simple commands of words.
import type { Instruction } from './ast.js';

/** The shell text a RUN executes: exec form joined, shell form, plus heredoc bodies. */
export function runScript(run: Instruction): string {
  const [program, flag, script] = run.json ?? [];
  const viaShell = program !== undefined && /(^|\/)(ba|da|a)?sh$/.test(program) && flag === '-c' && script !== undefined;
  const head = run.json ? (viaShell ? script : run.json.join(' ')) : run.args;
  return [head, ...run.heredocs.map((h) => h.body)].join('\n');
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'nice', 'command']);

/** Simple commands (separated by && || ; | & newlines), each as words without quotes or leading VAR=x. */
export function commandsOf(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(strip(words));
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '\\' && i + 1 < script.length) {
      const next = script[++i] ?? '';
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if ('&|;\n(){}'.includes(c)) {
      endCommand();
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands.filter((c) => c.length > 0);
}

function strip(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '') || WRAPPERS.has(words[i] ?? ''))) i++;
  return words.slice(i);
}

export function runCommands(run: Instruction): string[][] {
  return run.keyword === 'RUN' ? commandsOf(runScript(run)) : [];
}

/** Non-option words after the subcommand. */
export function operands(command: readonly string[], from: number): string[] {
  return command.slice(from).filter((w) => !w.startsWith('-'));
}

export const hasWord = (command: readonly string[], ...words: string[]) => command.some((w) => words.includes(w));

/** Index of the first subcommand word among candidates, skipping options, or -1. */
export function subcommandIndex(command: readonly string[], candidates: readonly string[]): number {
  for (let i = 1; i < command.length; i++) {
    const w = command[i] ?? '';
    if (w.startsWith('-')) continue;
    return candidates.includes(w) ? i : -1;
  }
  return -1;
}
