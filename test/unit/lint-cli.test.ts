// `minify lint` end to end through a spawned CLI: exit codes 0, 12, 13 and 4 (few spawns: they are slow).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures-lint');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function lint(...args: string[]) {
  const result = spawnSync(TSX, [ENTRY, 'lint', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('minify lint (spawned)', () => {
  it('exits 0 on the clean rewrite (info findings stay below the default warning threshold)', () => {
    const r = lint(join(FIXTURES, 'node-slim', 'Dockerfile'), '--format', 'json');
    expect(r.code).toBe(ExitCode.ok);
    const findings = JSON.parse(r.stdout) as Array<{ code: string }>;
    expect(findings.map((f) => f.code)).toEqual(['MF112', 'MF112']);
  });

  it('exits 12 on the bloated Dockerfile and prints hadolint-like lines', () => {
    const file = join(FIXTURES, 'node-bloated', 'Dockerfile');
    const r = lint(file, '--ignore', 'MF113', '--ignore', 'DL3059');
    expect(r.code).toBe(ExitCode.lintFindings);
    expect(r.stdout).toContain(`${file}:3 MF102 warning: `);
    expect(r.stdout).toContain(`${file}:1 MF117 warning: no .dockerignore`);
    expect(r.stdout).not.toContain('MF113');
    expect(r.stdout).not.toContain('MF103');
  });

  it('exits 13 with a located message on a parse error', () => {
    const r = lint(join(FIXTURES, 'broken', 'Dockerfile'));
    expect(r.code).toBe(ExitCode.parseError);
    expect(r.stderr).toMatch(/broken\/Dockerfile:2:5: unterminated heredoc <<EOF/);
  });

  it('exits 4 with a hint when the Dockerfile does not exist', () => {
    const r = lint(join(FIXTURES, 'no-such-dir', 'Dockerfile'));
    expect(r.code).toBe(ExitCode.notFound);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('minify lint path/to/Dockerfile');
  });
});
