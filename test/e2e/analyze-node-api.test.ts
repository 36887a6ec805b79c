// `minify analyze` on the node-api fixture: finds .git, coverage/ and devDependencies, gates exit 11,
// and leaves no temp dir behind (checked in a private TMPDIR so parallel work elsewhere cannot interfere).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport, JunkFinding } from '../../src/analyze/report.js';
import { Disposer } from '../../src/cleanup.js';
import { ExitCode } from '../../src/errors.js';
import { analyzeImageByName } from '../../src/pipeline/analyze-image.js';

const IMAGE = 'minify-fixture/node-api:1.0';
const ROOT = join(import.meta.dirname, '..', '..');
const DEV_DEPS = ['eslint', 'jest', 'typescript'];

let privateTmp = '';
let savedTmp: string | undefined;

beforeAll(async () => {
  privateTmp = await mkdtemp(join(tmpdir(), 'analyze-e2e-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
});

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(privateTmp, { recursive: true, force: true });
});

const minifyDirs = async () => (await readdir(privateTmp)).filter((name) => name.startsWith('minify-'));

function expectFatFindings(junk: readonly Pick<JunkFinding, 'kind' | 'path' | 'bytes'>[]): void {
  const find = (kind: string, path: string) => junk.find((j) => j.kind === kind && j.path === path);
  expect(find('git', '/app/.git')?.bytes).toBeGreaterThan(1000);
  expect(find('coverage', '/app/coverage')?.bytes).toBeGreaterThan(1000);
  for (const name of DEV_DEPS) expect(find('dev-dependency', `/app/node_modules/${name}`)?.bytes, name).toBeGreaterThan(1000);
  expect(find('dev-dependency', '/app/node_modules/typescript')?.bytes).toBeGreaterThan(10_000_000);
  // jest's own package is tiny; its weight is in transitive dev-only packages (package-lock.json).
  expect(find('dev-dependency', '/app/node_modules/*')?.bytes).toBeGreaterThan(10_000_000);
  expect(junk.filter((j) => j.kind === 'dev-dependency' && !j.path.startsWith('/app/'))).toEqual([]);
  expect(find('npm-cache', '/root/.npm')?.bytes).toBeGreaterThan(0);
}

describe('minify analyze node-api', () => {
  it('reports junk, wasted bytes and layers through the pipeline, and removes its temp dir', async () => {
    expect(await minifyDirs()).toEqual([]);
    const disposer = new Disposer();
    let report: AnalysisReport;
    try {
      report = await analyzeImageByName({ image: IMAGE, disposer, top: 5 });
      expect((await minifyDirs()).length).toBeGreaterThan(0);
    } finally {
      await disposer.disposeAll();
    }
    expect(await minifyDirs()).toEqual([]);
    expectFatFindings(report.junk);
    expect(report.totalSize).toBeGreaterThan(500_000_000);
    expect(report.biggestFiles).toHaveLength(5);
    // Files rewritten by a later layer are waste in dive's sense; the deleted /app/tmp-build is listed apart.
    expect(report.wastedBytes).toBeGreaterThan(0);
    expect(report.efficiency).toBeLessThan(1);
    expect(report.inefficiencies.map((i) => i.path)).toContain('/app/package-lock.json');
    expect(report.deleted.find((d) => d.path === '/app/tmp-build')?.bytes).toBeGreaterThan(20_000_000);
    expect(report.layers.some((l) => l.instruction.includes('jest --coverage'))).toBe(true);
  });

  it('prints JSON through the CLI and fails the size gate with exit 11', async () => {
    const { code, stdout, stderr } = await analyzeCli([IMAGE, '--json', '--max-size', '1MB']);
    expect(code, stderr).toBe(ExitCode.gateExceeded);
    expect(stderr).toMatch(/^minify: gate failed: image size [\d.]+ GB exceeds --max-size 1 MB$/m);
    const json = JSON.parse(stdout) as AnalysisReport & { gates: { gate: string; ok: boolean }[] };
    expectFatFindings(json.junk);
    expect(json.gates).toEqual([expect.objectContaining({ gate: '--max-size', ok: false })]);
    expect(await minifyDirs()).toEqual([]);
  });

  it('prints Markdown for a pull request: sizes, the failed gate, junk with its fix, the layers', async () => {
    const { code, stdout, stderr } = await analyzeCli([IMAGE, '--format', 'markdown', '--max-size', '1MB']);
    expect(code, stderr).toBe(ExitCode.gateExceeded);
    expect(stdout).toMatch(/^### minify analyze `minify-fixture\/node-api:1\.0` \(`[0-9a-f]{12}`\)\n/);
    expect(stdout).toMatch(/^\| `--max-size` \| 1 MB \| [\d.]+ GB \| ❌ exceeded \|$/m);
    expect(stdout).toMatch(/^\| [\d.]+ MB \| apt-cache \| `\/var\/cache\/apt` \| run `apt-get clean` in the same RUN/m);
    expect(stdout).toMatch(/^\| [\d.]+ MB \| dev-dependency \| `\/app\/node_modules\/typescript` \|/m);
    expect(stdout).toMatch(/^\| \d+ \| [\d.]+ [kMG]?B \| `RUN .*jest --coverage.*` \|$/m);
    expect(stdout).toMatch(/^\| [\d.]+ [kM]?B \| \d+× \| `\/app\/package-lock\.json` \|$/m);
    expect(await minifyDirs()).toEqual([]);
  });
});

function analyzeCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'npx', ['tsx', 'src/cli/main.ts', 'analyze', ...args],
      { cwd: ROOT, env: { ...process.env, TMPDIR: privateTmp }, maxBuffer: 64 << 20 },
      (_error, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }),
    );
  });
}
