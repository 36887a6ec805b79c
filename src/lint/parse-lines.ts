// Splits Dockerfile text into logical instructions: directives, comments, continuations, heredocs.
import { KEYWORDS, type Heredoc } from './ast.js';
import { parseError } from './parse-error.js';

export interface RawInstruction {
  readonly keyword: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Text after the keyword, continuation lines joined. */
  readonly text: string;
  readonly heredocs: readonly Heredoc[];
  readonly comments: readonly string[];
}

export interface RawDockerfile {
  readonly directives: Record<string, string>;
  readonly escape: '\\' | '`';
  readonly instructions: readonly RawInstruction[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** `<<EOF`, `<<-EOF`, `<<"EOF"`; not `<<<` here-strings nor shifts like `$((1<<4))`. */
const HEREDOC_MARKER = /(?<![<\d(])<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;
const KEYWORD_SET = new Set<string>(KEYWORDS);

function readDirectives(lines: readonly string[], file: string): { directives: Record<string, string>; next: number } {
  const directives: Record<string, string> = {};
  let next = 0;
  for (; next < lines.length; next++) {
    const m = DIRECTIVE.exec(lines[next] ?? '');
    const name = m?.[1]?.toLowerCase();
    if (!m || !name || !KNOWN_DIRECTIVES.has(name)) break;
    if (name in directives) {
      throw parseError({ file, line: next + 1, column: 1 }, `only one "${name}" parser directive can be used`);
    }
    directives[name] = m[2] ?? '';
  }
  return { directives, next };
}

function escapeOf(directives: Record<string, string>, file: string): '\\' | '`' {
  const value = directives.escape;
  if (value === undefined || value === '\\') return '\\';
  if (value === '`') return '`';
  throw parseError({ file, line: 1, column: 1 }, `invalid escape directive "${value}": use \\ or \``);
}

/** The line without its trailing escape (continuation), or undefined when it does not continue. */
function continuation(line: string, escape: string): string | undefined {
  const trimmed = line.replace(/[ \t]+$/, '');
  if (!trimmed.endsWith(escape)) return undefined;
  return trimmed.slice(0, -1);
}

const isComment = (line: string) => line.trimStart().startsWith('#');

interface HeredocScan {
  readonly heredocs: Heredoc[];
  readonly next: number;
}

interface HeredocSource {
  readonly text: string;
  readonly lines: readonly string[];
  readonly next: number;
  readonly file: string;
  readonly line: number;
  /** Column where `text` starts on its first physical line, and how much of `text` that line holds. */
  readonly offset: number;
  readonly firstLength: number;
}

/** Offsets of `text` that sit inside single or double quotes. */
function quotedOffsets(text: string): Set<number> {
  const quoted = new Set<number>();
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else quoted.add(i);
    } else if (c === '"' || c === "'") {
      quote = c;
    }
  }
  return quoted;
}

function readHeredocs(opts: HeredocSource): HeredocScan {
  const heredocs: Heredoc[] = [];
  let next = opts.next;
  const quoted = quotedOffsets(opts.text);
  for (const m of opts.text.matchAll(HEREDOC_MARKER)) {
    if (quoted.has(m.index)) continue;
    const stripTabs = m[1] === '-';
    const name = m[3] ?? '';
    const body: string[] = [];
    const start = next;
    let closed = false;
    for (; next < opts.lines.length; next++) {
      const raw = opts.lines[next] ?? '';
      const line = stripTabs ? raw.replace(/^\t+/, '') : raw;
      if (line === name) {
        closed = true;
        next++;
        break;
      }
      body.push(line);
    }
    if (!closed) {
      throw parseError(
        { file: opts.file, line: opts.line, column: (m.index < opts.firstLength ? opts.offset + m.index : 0) + 1 },
        `unterminated heredoc <<${m[1]}${name}: no line "${name}" before the end of the file`,
        `end the heredoc with a line containing only ${name}`,
      );
    }
    heredocs.push({ name, body: body.map((l) => `${l}\n`).join(''), stripTabs, line: start + 1 });
  }
  return { heredocs, next };
}

export function readInstructions(text: string, file: string): RawDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { directives, next: first } = readDirectives(lines, file);
  const escape = escapeOf(directives, file);
  const instructions: RawInstruction[] = [];
  let comments: string[] = [];
  let i = first;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      comments = [];
      i++;
      continue;
    }
    if (isComment(line)) {
      comments.push(line.trimStart().slice(1).trim());
      i++;
      continue;
    }
    const m = /^(\s*)([^\s]+?)(?=\s|$)/.exec(line);
    const start = i + 1;
    const column = (m?.[1]?.length ?? 0) + 1;
    let word = m?.[2] ?? '';
    let rest = line.slice(m?.[0].length ?? 0);
    if (word.endsWith(escape) && KEYWORD_SET.has(word.slice(0, -1).toUpperCase())) {
      word = word.slice(0, -1);
      rest = escape;
    }
    const keyword = word.toUpperCase();
    if (!KEYWORD_SET.has(keyword)) {
      throw parseError({ file, line: start, column }, `unknown instruction "${word}"`, `expected one of ${KEYWORDS.join(', ')}`);
    }
    let joined = '';
    let current = rest;
    for (;;) {
      const cont = continuation(current, escape);
      if (cont === undefined) {
        joined += current;
        break;
      }
      joined += cont;
      i++;
      while (i < lines.length && (isComment(lines[i] ?? '') || (lines[i] ?? '').trim() === '')) i++;
      if (i >= lines.length) break;
      current = lines[i] ?? '';
    }
    i++;
    let heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      const scan = readHeredocs({ text: joined, lines, next: i, file, line: start, offset: line.length - rest.length, firstLength: rest.length });
      heredocs = scan.heredocs;
      i = scan.next;
    }
    instructions.push({ keyword, line: start, column, endLine: i, text: joined.trim(), heredocs, comments });
    comments = [];
  }
  return { directives, escape, instructions };
}
