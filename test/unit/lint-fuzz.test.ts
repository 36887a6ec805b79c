// "Malformed Dockerfiles give a located error, never a crash": seeded mutations of real Dockerfiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { lintDockerfile } from '../../src/lint/lint.js';

const SEEDS = ['node-bloated', 'node-slim', 'broken'].map((name) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures-lint', name, 'Dockerfile'), 'utf8'),
);
const PIECES = ['\\', '\n', '"', "'", '[', ']', '{', '}', '$', '${', '<<EOF\n', 'EOF', '#', ' ', '\t', '=', '--from=', 'AS ', 'FROM ', 'RUN ', '\u00e9', '\0', '\r\n', ','];

/** mulberry32: a small seeded PRNG, so a failure is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const choice = random();
    if (choice < 0.4) out = out.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + out.slice(at);
    else if (choice < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else out = out.slice(0, at) + out.slice(Math.floor(random() * out.length)).slice(0, 40) + out.slice(at);
  }
  return out;
}

describe('lint on mutated Dockerfiles', () => {
  it('returns findings or a located parse error for 3000 mutations, never another exception', () => {
    const random = prng(20261123);
    let parseErrors = 0;
    for (let i = 0; i < 3000; i++) {
      const seed = SEEDS[i % SEEDS.length] ?? '';
      const text = mutate(seed, random);
      try {
        lintDockerfile(text, { dockerignore: undefined });
      } catch (error) {
        if (!(error instanceof MinifyError) || error.code !== ExitCode.parseError) {
          throw new Error(`mutation ${i} crashed the linter: ${String(error)}\n--- input ---\n${text}`);
        }
        expect(error.message).toMatch(/^Dockerfile:\d+:\d+: /);
        parseErrors++;
      }
    }
    // The mutations must reach the error paths, or this test proves little.
    expect(parseErrors).toBeGreaterThan(100);
  });
});
