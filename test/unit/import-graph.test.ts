// House rule 1: the pure core imports no fs, dockerode or execa; only src/engine imports dockerode.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return found.map((m) => m[1] ?? m[2] ?? '');
}

const files = tsFiles(SRC).map((f) => ({ rel: relative(SRC, f), imports: importsOf(f) }));
const PURE = [/^plan\//, /^ecosystem\//, /^analyze\//, /^lint\//, /^image\/flatten\.ts$/, /^trace\/parse\.ts$/];
const SIDE_EFFECT_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|os)$|^dockerode$|^execa$/;

describe('import graph', () => {
  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('keeps the pure core free of fs, processes and the engine', () => {
    const offenders = files
      .filter((f) => PURE.some((re) => re.test(f.rel)))
      .flatMap((f) => f.imports.filter((i) => SIDE_EFFECT_MODULES.test(i)).map((i) => `${f.rel} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('lets only src/engine import dockerode', () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith('engine/'))
      .flatMap((f) => f.imports.filter((i) => i === 'dockerode').map(() => f.rel));
    expect(offenders).toEqual([]);
  });
});
