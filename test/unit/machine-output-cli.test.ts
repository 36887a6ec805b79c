// Machine output on failure (analyze --json, lint json/sarif), several Dockerfiles at once, and lint's
// config files (.minify-lint.yml over .hadolint.yaml), through a spawned CLI (no Docker needed).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
let dir: string;

function cli(args: readonly string[]) {
  const result = spawnSync(TSX, [ENTRY, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'machine-output-'));
  await writeFile(join(dir, 'a.Dockerfile'), 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n');
  await writeFile(join(dir, 'b.Dockerfile'), 'FROM untrusted.invalid/team/base:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER app\nCMD ["app"]\n');
  await writeFile(join(dir, '.dockerignore'), '.git\n.env\n');
  // hadolint's file: DL3015 (MF104) ignored, a rule minify lacks (DL3008) skipped, registries trusted.
  await writeFile(join(dir, '.hadolint.yaml'), 'ignored: [DL3015, DL3008]\nfailure-threshold: error\ntrustedRegistries: [docker.io]\n');
  // minify's file wins for the threshold.
  await writeFile(join(dir, '.minify-lint.yml'), 'failure-threshold: warning\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('machine output and lint config', () => {
  it('lints several files at once with the config files applied', () => {
    const r = cli(['lint', 'a.Dockerfile', 'b.Dockerfile', '--format', 'json']);
    const findings = JSON.parse(r.stdout) as Array<{ file: string; code: string }>;
    const codes = (file: string) => findings.filter((f) => f.file === file).map((f) => f.code);
    expect(codes('a.Dockerfile')).toContain('MF105');
    expect(codes('a.Dockerfile')).not.toContain('MF104');
    expect(codes('b.Dockerfile')).toEqual(['MF120']);
    // MF105 and MF120 are warnings: .minify-lint.yml's threshold (warning) beats .hadolint.yaml's (error).
    expect(r.code, r.stderr).toBe(ExitCode.lintFindings);
  }, 60_000);

  it('prints a JSON error object for lint --format json', () => {
    const json = cli(['lint', 'missing.Dockerfile', '--format', 'json']);
    expect(json.code).toBe(ExitCode.notFound);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 1, exitCode: ExitCode.notFound, error: { code: ExitCode.notFound, message: 'no Dockerfile at missing.Dockerfile' } });
  }, 60_000);

  it('prints a SARIF log that says the run failed for lint --format sarif', () => {
    const sarif = cli(['lint', 'missing.Dockerfile', '--format', 'sarif']);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; exitCode: number; toolExecutionNotifications: Array<{ message: { text: string } }> }> }> };
    expect(log.runs[0]?.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: ExitCode.notFound });
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications[0]?.message.text).toMatch(/no Dockerfile at missing.Dockerfile/);
  }, 60_000);

  it('prints a JSON error object for analyze --json', () => {
    const analyze = cli(['analyze', './image.tar', '--json']);
    expect(analyze.code).toBe(ExitCode.notFound);
    expect(JSON.parse(analyze.stdout)).toMatchObject({ schema: 1, exitCode: ExitCode.notFound, error: { message: './image.tar is a file path, not an image in the engine' } });
    expect(analyze.stderr).toMatch(/^minify: \.\/image\.tar is a file path/);
  }, 60_000);

  it('prints the JSON error object for a flag error too, before any work', () => {
    const unknown = cli(['run', 'app:1', '--json', '--bogus']);
    expect(unknown.code).toBe(ExitCode.usage);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ schema: 1, exitCode: ExitCode.usage, error: { message: "unknown option '--bogus'", hint: expect.stringContaining('--help') } });
    const badValue = cli(['run', 'app:1', '--json', '--grace-period', 'abc']);
    expect(badValue.code).toBe(ExitCode.usage);
    expect(JSON.parse(badValue.stdout)).toMatchObject({ exitCode: ExitCode.usage, error: { message: expect.stringContaining('--grace-period') } });
    const analyze = cli(['analyze', 'app:1', '--format=json', '--top', 'x']);
    expect(analyze.code).toBe(ExitCode.usage);
    expect(JSON.parse(analyze.stdout)).toMatchObject({ exitCode: ExitCode.usage });
    // Without a machine format stdout stays empty: the one line is on stderr only.
    const plain = cli(['run', 'app:1', '--bogus']);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^minify: unknown option '--bogus'/);
  }, 60_000);

  it('prints one document, not two: run\'s own for a run that stopped, main\'s for the other failures', () => {
    const badRef = cli(['run', 'Bad Image!!', '--json']);
    expect(badRef.code).toBe(ExitCode.usage);
    expect(JSON.parse(badRef.stdout)).toMatchObject({ schema: 1, exitCode: ExitCode.usage });
    const lintDir = cli(['lint', '.', '--format', 'json']);
    expect(lintDir.code).toBe(ExitCode.notFound);
    expect(JSON.parse(lintDir.stdout)).toMatchObject({ error: { message: '. is a directory, not a Dockerfile', hint: 'pass the file: minify lint Dockerfile' } });
  }, 60_000);
});
