// The npm package as a user gets it: `npm pack`, install the tarball into a temp prefix, and run the
// installed `minify` (its dist/, its static sensor, its exported probe types) from there.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitImage, docker, removeTag, ROOT } from './run-harness.js';

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const id = randomUUID().slice(0, 8);
// A unique image id, so the leftovers check sees only this run's containers.
const IMAGE = `minify-test/pack-web:${id}`;
const SLIM = `${IMAGE}-slim`;
let work: string;
let prefix: string;
let tarball: string;

const npm = (args: readonly string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } }).toString();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pack-e2e-'));
  prefix = join(work, 'prefix');
  commitImage(IMAGE, [`LABEL minify.test.pack=${id}`, 'CMD ["nginx", "-g", "daemon off;"]'], 'minify-fixture/static-web:1.0');
  npm(['pack', '--pack-destination', work], ROOT);
  tarball = join(work, (await readdir(work)).find((name) => name.endsWith('.tgz'))!);
  // The tarball itself is local; its dependencies come from the npm cache (or the registry).
  npm(['install', '--prefix', prefix, '--prefer-offline', '--no-package-lock', tarball], work);
}, 300_000);

afterAll(async () => {
  removeTag(SLIM);
  removeTag(IMAGE);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The installed copy must find its own sensor. */
function withoutSensorOverride(): NodeJS.ProcessEnv {
  const { MINIFY_SENSOR: _ignored, MINIFY_SENSOR_ARM64: _ignoredToo, ...env } = process.env;
  return env;
}

const installed = () => join(prefix, 'node_modules', ...pkg.name.split('/'));
const bin = () => join(prefix, 'node_modules', '.bin', 'minify');

describe(`npm package ${pkg.name}`, () => {
  it('ships the compiled CLI, the static sensor and the probe types, and no sources or tests', async () => {
    expect(existsSync(join(installed(), 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed(), 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(installed(), 'build', 'minify-sensor-amd64'))).toBe(true);
    // The arm64 sensor ships whenever the checkout could cross-compile it.
    const arm64Built = existsSync(join(ROOT, 'build', 'minify-sensor-arm64'));
    expect(existsSync(join(installed(), 'build', 'minify-sensor-arm64'))).toBe(arm64Built);
    expect(await readdir(installed())).not.toContain('src');
    expect(await readdir(installed())).not.toContain('test');
  });

  it('runs `minify --version` from the installed bin', () => {
    const out = execFileSync(bin(), ['--version'], { cwd: work }).toString().trim();
    expect(out).toBe(pkg.version);
  });

  it('gives --env-file to minify, not to Node (Node 20 reads it from any place in argv unless its own options end first)', () => {
    const result = spawnSync(bin(), ['run', 'app:1', '--env-file', join(work, 'no-such.env')], { cwd: work, encoding: 'utf8' });
    expect(result.stderr).toMatch(/^minify: --env-file .*no-such\.env cannot be read/);
    expect(result.status).toBe(4);
  });

  it('type-checks a probe that imports its types from the package name', async () => {
    await writeFile(join(work, 'typed-probe.mts'), [
      `import type { ProbeContext } from '${pkg.name}';`,
      'export default async function (ctx: ProbeContext): Promise<void> { await ctx.http.get(\'/\', { port: 80 }); }',
      '',
    ].join('\n'));
    await writeFile(join(work, 'wrong-probe.mts'), [
      `import type { ProbeContext } from '${pkg.name}';`,
      'export default async function (ctx: ProbeContext): Promise<void> { await ctx.http.fetch(\'/\'); }',
      '',
    ].join('\n'));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const common = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck',
      '--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node'];
    // Resolution starts from the probe's dir: link the prefix's node_modules next to it.
    await writeFile(join(work, 'package.json'), '{"type":"module"}\n');
    execFileSync('ln', ['-s', join(prefix, 'node_modules'), join(work, 'node_modules')]);
    // One compiler run over both: the typed probe passes, and the check can fail (ProbeHttp has no fetch).
    const result = spawnSync(tsc, [...common, join(work, 'typed-probe.mts'), join(work, 'wrong-probe.mts')], { cwd: work });
    const errors = result.stdout.toString();
    expect(result.status).not.toBe(0);
    expect(errors).toMatch(/wrong-probe\.mts.*Property 'fetch' does not exist on type 'ProbeHttp'/);
    expect(errors).not.toMatch(/typed-probe/);
  }, 120_000);

  it('slims an image with the installed copy, loading a probe that imports ProbeFailure from the package', async () => {
    const probe = join(work, 'web-probe.mts');
    await writeFile(probe, [
      `import { ProbeFailure, type ProbeContext } from '${pkg.name}';`,
      'export default async function (ctx: ProbeContext): Promise<void> {',
      '  const page = await ctx.http.get(\'/\', { port: 80 });',
      '  if (page.status !== 200) throw new ProbeFailure(`index answered ${page.status}`);',
      '}',
      '',
    ].join('\n'));
    const runTmp = join(work, 'tmp');
    execFileSync('mkdir', ['-p', runTmp]);
    const result = spawnSync(bin(), ['run', IMAGE, '--probe', probe, '--json'], {
      cwd: work, env: { ...withoutSensorOverride(), TMPDIR: runTmp, CI: '1' }, timeout: 240_000,
    });
    expect(result.status, result.stderr.toString()).toBe(0);
    const report = JSON.parse(result.stdout.toString()) as { probes: { trace: Array<{ name: string; ok: boolean }>; verify?: Array<{ ok: boolean }> } };
    expect(report.probes.trace).toEqual([expect.objectContaining({ name: 'web-probe.mts', ok: true })]);
    expect(report.probes.verify?.map((p) => p.ok)).toEqual([true]);
    expect(docker(['image', 'inspect', '--format', '{{index .Config.Labels "minify.test.pack"}}', SLIM])).toBe(id);
    // Nothing left behind: no container of this image, no temp dir.
    expect(docker(['ps', '-aq', '--filter', `label=minify.test.pack=${id}`])).toBe('');
    expect((await readdir(runTmp)).filter((name) => name.startsWith('minify-'))).toEqual([]);
  }, 300_000);
});
