// `minify run --push` against a real registry on 127.0.0.1: the slim and debug tags are pushed, then
// removed locally and pulled back, and the pulled slim image serves the site; a run that failed
// verification pushes nothing (even with --keep-failed); an unreachable registry is exit 16 in one line.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/format.js';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { freePort, startRegistry, type LocalRegistry } from './local-registry.js';
import { parse } from 'yaml';
import { docker, fetchFromImage, imageId, removeTag, ROOT } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const FIXTURE = 'minify-fixture/static-web:1.0';
const REPO = `minify-push-test/static-web-${uniqueId()}`;
let registry: LocalRegistry;
let source: string;
const made: string[] = [];
const sandbox = useSandbox({ tags: made });

beforeAll(async () => {
  registry = await startRegistry();
  source = `${registry.host}/${REPO}:1.0`;
  docker(['tag', FIXTURE, source]);
  made.push(source, `${source}-slim`, `${source}-debug`);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
});

/** The --markdown file of a real run says what its JSON report says. */
function expectMarkdownOf(report: RunReport, markdown: string): void {
  expect(markdown).toMatch(/^### minify run `\S+static-web\S+:1\.0`: ✅ succeeded\n/);
  expect(markdown).toContain(`| slim | \`${report.slim?.ref}\` | ${formatBytes(report.slim?.bytes ?? 0)} |`);
  expect(markdown).toContain(`| debug | \`${report.debug?.ref}\` | ${formatBytes(report.debug?.bytes ?? 0)} |`);
  expect(markdown).toContain(`**${report.ratio?.toFixed(1)}× smaller**`);
  expect(markdown).toContain(`| \`--max-size\` | 100 MB | ${formatBytes(report.slim?.bytes ?? 0)} | ✅ ok |`);
  expect(markdown).toContain('#### Verification: ✅ passed');
  expect(markdown).toMatch(/^\| trace \| `static-web\.ts` \| ✅ ok \|/m);
  expect(markdown).toMatch(/^\| verify \| `static-web\.ts` \| ✅ ok \|/m);
  const biggest = report.components.kept[0];
  expect(biggest).toBeDefined();
  expect(markdown).toContain(`| \`${biggest?.id}\` | ${formatBytes(biggest?.bytes ?? 0)} |`);
  for (const pushed of report.pushed ?? []) expect(markdown).toContain(`| \`${pushed.ref}\` | ✅ pushed | \`${pushed.digest}\` |`);
}

describe('minify run --push', () => {
  it('pushes the slim and debug tags; pulled back, the slim image serves the site', async () => {
    const markdownFile = join(sandbox.tmp, 'run.md');
    const result = await sandbox.spawn(['run', source, '--probe', 'probes/static-web.ts', '--debug', '--push', '--json', '--markdown', markdownFile, '--max-size', '100MB']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(result.stdout) as RunReport;
    expectMarkdownOf(report, await readFile(markdownFile, 'utf8'));
    expect(report.pushed).toEqual([
      { ref: `${source}-slim`, ok: true, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      { ref: `${source}-debug`, ok: true, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    ]);
    expect((await registry.tags(REPO)).sort()).toEqual(['1.0-debug', '1.0-slim']);

    removeTag(`${source}-slim`);
    removeTag(`${source}-debug`);
    expect(imageId(`${source}-slim`)).toBeUndefined();
    docker(['pull', '-q', `${source}-slim`]);
    docker(['pull', '-q', `${source}-debug`]);
    // The same config, so the same image id the run built.
    expect(imageId(`${source}-slim`)).toBe(report.slim?.id);
    expect(imageId(`${source}-debug`)).toBe(report.debug?.id);
    const [index, about] = await fetchFromImage(`${source}-slim`, 80, ['/', '/about.html']);
    expect(index?.status).toBe(200);
    expect(index?.body).toContain('minify static-web fixture');
    expect(about?.status).toBe(200);
    expect(docker(['run', '--rm', '--entrypoint', 'sh', `${source}-debug`, '-c', 'echo debug-shell'])).toBe('debug-shell');
  });

  it('pushes nothing when verification fails, even with --keep-failed', async () => {
    const tag = `${registry.host}/${REPO}:rejected`;
    made.push(tag);
    const result = await sandbox.spawn(['run', source, '--probe', 'probes/static-web.ts', '--tag', tag, '--verify-probe-exec', 'false', '--no-repair', '--keep-failed', '--push']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(result.stderr).toMatch(/^minify: not pushed: the slim image failed verification$/m);
    expect(imageId(tag)).toBeDefined();
    expect(await registry.tags(REPO)).not.toContain('rejected');
  });

  it('an unreachable registry is exit 16 with one line and a hint; the slim image stays local', async () => {
    const closed = `127.0.0.1:${await freePort()}/${REPO}:unreachable`;
    made.push(closed);
    const result = await sandbox.spawn(['run', source, '--probe', 'probes/static-web.ts', '--tag', closed, '--no-verify', '--push']);
    expect(result.code, result.stderr).toBe(ExitCode.pushFailed);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('minify: push of'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^minify: push of 127\.0\.0\.1:\d+\/\S+:unreachable failed: .*connection refused.* \(is the registry at 127\.0\.0\.1:\d+ up\? check the host and port in the tag\)$/);
    expect(imageId(closed)).toBeDefined();
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('the Action\'s run step: inputs reach the real CLI, the slim and debug tags are pushed, outputs and the Markdown are written', async () => {
    const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: Array<{ id?: string; run?: string; env?: Record<string, string> }> } };
    const step = action.runs.steps.find((s) => s.id === 'run');
    const tag = `${registry.host}/${REPO}:action`;
    const inputs: Record<string, string> = { image: source, probe: 'probes/static-web.ts', tag, debug: 'true', push: 'true', 'max-size': '100MB' };
    const bin = join(sandbox.tmp, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'minify'), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(ROOT, 'src', 'cli', 'main.ts')}" "$@"\n`);
    await chmod(join(bin, 'minify'), 0o755);
    const outputFile = join(sandbox.tmp, 'github-output');
    await writeFile(outputFile, '');
    const env = Object.fromEntries(Object.entries(step?.env ?? {}).map(([key, value]) => [key, value.replace(/^\$\{\{ inputs\.([a-z-]+) \}\}$/, (_, name: string) => inputs[name] ?? '')]));
    const result = spawnSync('bash', ['-c', step?.run ?? ''], {
      cwd: ROOT, encoding: 'utf8', timeout: 300_000,
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, TMPDIR: sandbox.tmp, CI: 'true', RUNNER_TEMP: sandbox.tmp, GITHUB_OUTPUT: outputFile, ...env },
    });
    expect(result.status, result.stderr).toBe(0);
    const outputs = Object.fromEntries((await readFile(outputFile, 'utf8')).trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    made.push(outputs['slim-ref'] ?? tag, outputs['debug-ref'] ?? `${tag}-debug`);
    expect(outputs).toMatchObject({ 'slim-ref': tag, verified: 'passed', 'exit-code': '0' });
    expect(Number(outputs['slim-bytes'])).toBe(Number(docker(['image', 'inspect', '--format', '{{.Size}}', tag])));
    expect(Number(outputs.ratio)).toBeGreaterThan(2);
    expect(outputs.pushed?.split(' ')).toEqual([tag, outputs['debug-ref']]);
    expect(await registry.tags(REPO)).toEqual(expect.arrayContaining(['action', (outputs['debug-ref'] ?? '').split(':').pop()]));
    const report = JSON.parse(await readFile(outputs.report ?? '', 'utf8')) as RunReport;
    expectMarkdownOf(report, await readFile(outputs.markdown ?? '', 'utf8'));
  });
});
