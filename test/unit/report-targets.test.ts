// --report, --markdown and --html naming a file in a missing directory: a usage error (exit 2) before any engine
// work, through a spawned CLI whose DOCKER_HOST answers nothing (an engine call would exit otherwise).
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function cli(args: readonly string[]) {
  const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/minify-report-targets.sock', MINIFY_CONFIG: '' };
  const result = spawnSync(TSX, [ENTRY, ...args, 'minify-fixture/absent-report-targets:1.0'], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000, env });
  return { code: result.status, stderr: result.stderr };
}

describe('report files', () => {
  for (const [command, flag] of [['run', '--report'], ['run', '--markdown'], ['run', '--html'], ['analyze', '--html']] as const) {
    it(`${command} ${flag} in a missing directory is a one-line usage error before any engine work`, () => {
      const target = '/nonexistent-minify-dir/out.file';
      const r = cli([command, flag, target]);
      expect(r.code, r.stderr).toBe(ExitCode.usage);
      expect(r.stderr).toContain(`${flag} ${target}: directory /nonexistent-minify-dir does not exist or is not writable`);
      expect(r.stderr).not.toMatch(/internal/i);
    }, 60_000);
  }
});
