// GitHub-flavoured Markdown pieces for reports: escaped text, code spans and tables that no path,
// probe error or Dockerfile instruction can break out of (a `|` ends a table cell, `<` opens HTML).

const LONGEST_CELL = 160;

function oneLine(text: string, limit = LONGEST_CELL): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** Plain text with every character Markdown or HTML would read escaped; one line, cut at a length. */
export function text(value: string, limit?: number): string {
  return escape(oneLine(value, limit));
}

const escape = (value: string) => value.replace(/[\\`*_{}[\]<>()#+!|~&]/g, '\\$&');

/** A code span (paths, tags, instructions): a fence longer than any backtick run inside; `|` escaped for tables. */
export function code(value: string, limit?: number): string {
  const flat = oneLine(value, limit);
  if (flat === '') return '';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = longestRun > 0 || flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

/** Text whose `quoted` parts (a command in a fix) become code spans, the rest escaped as text(). */
export function prose(value: string, limit?: number): string {
  return oneLine(value, limit).split(/`([^`]+)`/).map((part, index) => (index % 2 === 1 ? code(part) : escape(part))).join('');
}

export type Column = { readonly title: string; readonly align?: 'left' | 'right' };

/** A table whose cells are already Markdown (made with text() or code()); no rows gives `empty`. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], empty = '_none_'): string[] {
  if (rows.length === 0) return [empty];
  const header = `| ${columns.map((c) => text(c.title)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [header, rule, ...rows.map((row) => `| ${row.map((cell) => cell || ' ').join(' | ')} |`)];
}

/** `✅ passed` / `❌ failed`: a mark a reader sees at a glance, and the word for a screen reader. */
export function mark(ok: boolean, word = ok ? 'ok' : 'failed'): string {
  return `${ok ? '✅' : '❌'} ${word}`;
}

/** The `#### Gates` section of a report (none without gates): limit and actual value told by `value`. */
export function gateSection(
  gates: ReadonlyArray<{ readonly gate: string; readonly limit: number; readonly actual: number; readonly ok: boolean }>,
  value: (amount: number, gate: string) => string,
): string[] {
  if (gates.length === 0) return [];
  return ['#### Gates', '', ...table([{ title: 'gate' }, { title: 'limit', align: 'right' }, { title: 'actual', align: 'right' }, { title: 'result' }],
    gates.map((g) => [code(g.gate), value(g.limit, g.gate), value(g.actual, g.gate), mark(g.ok, g.ok ? 'ok' : 'exceeded')]))];
}

/** A report: sections joined by a blank line, ending in a newline. */
export function document(sections: ReadonlyArray<readonly string[]>): string {
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
