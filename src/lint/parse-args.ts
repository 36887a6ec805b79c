// Instruction argument helpers: leading --flags, JSON (exec) form, shell-like word splitting.
import type { Flag } from './ast.js';
import { parseError, type Location } from './parse-error.js';

export function splitFlags(text: string): { flags: Flag[]; rest: string } {
  const flags: Flag[] = [];
  let rest = text.trimStart();
  for (;;) {
    const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest);
    if (!m) break;
    flags.push({ name: m[1] ?? '', value: m[2] === undefined ? undefined : unquote(m[2]) });
    rest = rest.slice(m[0].length);
  }
  return { flags, rest: rest.trim() };
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? (m[2] ?? '') : value;
}

/** A JSON array that was clearly meant as exec form: `["a"`, `[ "a", `, `[ "a" ]`, `[]`. */
function looksLikeJson(text: string): boolean {
  return /^\[["']/.test(text) || /^\[\s*"[^"]*"\s*,/.test(text) || /^\[\s*"[^"]*"\s*\]$/.test(text) || /^\[\s*\]$/.test(text);
}

/** The exec-form array, undefined for shell form; a located error for broken JSON that was meant as JSON. */
export function parseJsonForm(text: string, at: Location, keyword: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (!looksLikeJson(text)) return undefined;
    const hint = text.includes("'")
      ? 'JSON needs double quotes: ["executable", "arg"]'
      : 'write the exec form as a JSON array of strings: ["executable", "arg"]';
    throw parseError(at, `${keyword}: malformed JSON array ${text}`, hint);
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw parseError(at, `${keyword}: the JSON form must be an array of strings`, 'write ["executable", "arg"]');
  }
  return value as string[];
}

/** Splits on unquoted whitespace, removing quotes and escapes (as the Dockerfile word lexer does). */
export function splitWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === escape && quote !== "'" && i + 1 < text.length) {
      word += text[++i] ?? '';
      inWord = true;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `K=V K2="v 2"` or legacy `K value words`, as in ENV and LABEL. */
export function parseKeyValues(text: string, escape = '\\'): Array<{ key: string; value: string }> {
  const words = splitWords(text, escape);
  const first = words[0];
  if (first !== undefined && !first.includes('=')) {
    return [{ key: first, value: words.slice(1).join(' ') }];
  }
  return words.map((w) => {
    const at = w.indexOf('=');
    return at < 0 ? { key: w, value: '' } : { key: w.slice(0, at), value: w.slice(at + 1) };
  });
}
