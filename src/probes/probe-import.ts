// Imports a probe file with tsx and finds its default export; a syntax error is told as file:line:col.
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import type { ProbeFn } from './types.js';

export type ImportedProbe =
  | { readonly ok: true; readonly run: ProbeFn }
  | { readonly ok: false; readonly reason: 'syntax' | 'no-default' | 'import'; readonly message: string };

export async function importProbe(path: string): Promise<ImportedProbe> {
  let module: { default?: unknown };
  try {
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    return { ok: false, ...(await describeImportError(path, error)) };
  }
  // tsx may wrap a CommonJS-looking module's exports one level deeper.
  let run = module.default;
  if (run && typeof run === 'object' && typeof (run as { default?: unknown }).default === 'function') {
    run = (run as { default: unknown }).default;
  }
  if (typeof run !== 'function') return { ok: false, reason: 'no-default', message: 'has no default export function' };
  return { ok: true, run: run as ProbeFn };
}

async function describeImportError(path: string, error: unknown): Promise<{ reason: 'syntax' | 'import'; message: string }> {
  const text = error instanceof Error ? error.message : String(error);
  // esbuild (through tsx): "Transform failed with 1 error:\n/p/x.ts:2:12: ERROR: Unexpected ";""
  const located = /^(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(text);
  if (located) return { reason: 'syntax', message: `${located[1]}:${located[2]}:${located[3]}: ${located[4]}` };
  if (error instanceof SyntaxError) return { reason: 'syntax', message: (await nodeCheckLocation(path)) ?? text };
  return { reason: 'import', message: text.split('\n')[0] ?? text };
}

/** V8 reports an ES module's syntax error without a place; `node --check` prints the line and a caret. */
async function nodeCheckLocation(path: string): Promise<string | undefined> {
  try {
    await promisify(execFile)(process.execPath, ['--check', path], { timeout: 10_000 });
    return undefined;
  } catch (error) {
    const lines = String((error as { stderr?: string }).stderr ?? '').split('\n');
    const at = lines.findIndex((line) => /:\d+$/.test(line));
    const caret = lines[at + 2]?.indexOf('^') ?? -1;
    const message = lines.find((line) => /^SyntaxError: /.test(line))?.replace(/^SyntaxError: /, '');
    if (at < 0 || !message) return undefined;
    return `${lines[at]}${caret >= 0 ? `:${caret + 1}` : ''}: ${message}`;
  }
}
