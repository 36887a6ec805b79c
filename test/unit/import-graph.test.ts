// House rule 1: the pure core imports no fs, net, os, processes, dockerode or execa, reads no
// process.env, and imports nothing that does (checked transitively); only src/engine imports dockerode.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return found.map((m) => m[1] ?? m[2] ?? '');
}

interface SourceFile {
  readonly rel: string;
  readonly imports: readonly string[];
  readonly readsEnv: boolean;
}

const files = new Map<string, SourceFile>(
  tsFiles(SRC).map((f) => {
    const text = readFileSync(f, 'utf8');
    return [relative(SRC, f), { rel: relative(SRC, f), imports: importsOf(text), readsEnv: /\bprocess\.env\b/.test(text) }];
  }),
);
// scan/scan-lines.ts is the scan's parser: the trace/parse of the in-container manifest.
const PURE = [/^plan\//, /^ecosystem\//, /^analyze\//, /^lint\//, /^image\/flatten\.ts$/, /^trace\/parse\.ts$/, /^scan\/scan-lines\.ts$/];
const SIDE_EFFECT_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|os)$|^dockerode$|^execa$/;

/** The source files `from` imports (relative `.js` specifiers resolved to their `.ts`). */
function localImports(from: SourceFile, graph: ReadonlyMap<string, SourceFile>): string[] {
  return from.imports
    .filter((i) => i.startsWith('.'))
    .map((i) => relative(SRC, resolve(SRC, dirname(from.rel), i.replace(/\.js$/, '.ts'))))
    .filter((rel) => graph.has(rel));
}

/** Every impurity reachable from `start`, each as the import chain that leads to it. */
function impurities(start: string, graph: ReadonlyMap<string, SourceFile>): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (rel: string, chain: readonly string[]) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const file = graph.get(rel);
    if (!file) return;
    const path = [...chain, rel].join(' -> ');
    if (file.readsEnv) found.push(`${path} reads process.env`);
    for (const i of file.imports.filter((name) => SIDE_EFFECT_MODULES.test(name))) found.push(`${path} imports ${i}`);
    for (const next of localImports(file, graph)) visit(next, [...chain, rel]);
  };
  visit(start, []);
  return found;
}

describe('import graph', () => {
  it('finds the source files it checks, the scan parser among them', () => {
    expect(files.size).toBeGreaterThan(3);
    expect(files.has('scan/scan-lines.ts')).toBe(true);
  });

  it('keeps the pure core free of fs, processes, the engine and process.env, transitively', () => {
    const offenders = [...files.keys()].filter((rel) => PURE.some((re) => re.test(rel))).flatMap((rel) => impurities(rel, files));
    expect(offenders).toEqual([]);
  });

  it('reports an impurity two imports away and a process.env read', () => {
    const graph = new Map<string, SourceFile>([
      ['plan/a.ts', { rel: 'plan/a.ts', imports: ['./b.js'], readsEnv: false }],
      ['plan/b.ts', { rel: 'plan/b.ts', imports: ['../engine/c.js'], readsEnv: true }],
      ['engine/c.ts', { rel: 'engine/c.ts', imports: ['node:fs'], readsEnv: false }],
    ]);
    expect(impurities('plan/a.ts', graph)).toEqual([
      'plan/a.ts -> plan/b.ts reads process.env',
      'plan/a.ts -> plan/b.ts -> engine/c.ts imports node:fs',
    ]);
  });

  it('lets only src/engine import dockerode', () => {
    const offenders = [...files.values()]
      .filter((f) => !f.rel.startsWith('engine/'))
      .flatMap((f) => f.imports.filter((i) => i === 'dockerode').map(() => f.rel));
    expect(offenders).toEqual([]);
  });
});
