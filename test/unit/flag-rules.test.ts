// A flag without the flag it belongs with (--job-timeout without --job) is exit 2 from any source:
// typed, MINIFY_* or minify.yml; and its companion may come from any source too.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { assertCompanions } from '../../src/cli/flag-rules.js';
import { parseRunConfig, resolveRuns } from '../../src/cli/run-config-file.js';
import { defineRunCommand } from '../../src/cli/run.js';
import { ExitCode } from '../../src/errors.js';

const COMPANIONS = [{ flag: 'jobTimeout', needs: 'job' }];

/** Resolves every run as `minify run` does and checks each; returns the first error's message, or 'ok'. */
function check(argv: readonly string[], text: string, env: NodeJS.ProcessEnv = {}): string {
  const program = new Command().exitOverride();
  const command = defineRunCommand(program).action(() => {});
  program.parse(['run', ...argv], { from: 'user' });
  try {
    for (const run of resolveRuns(command, command.args[0], env, parseRunConfig(text, 'minify.yml', command))) assertCompanions(run, COMPANIONS);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('flag companions from every source', () => {
  it('a typed --job-timeout needs --job', () => {
    expect(check(['app:1', '--job-timeout', '5'], '')).toBe('--job-timeout only applies with --job');
    expect(check(['app:1', '--job-timeout', '5', '--job'], '')).toBe('ok');
  });

  it('MINIFY_JOB_TIMEOUT needs a job too, and says where it came from', () => {
    expect(check(['app:1'], '', { MINIFY_JOB_TIMEOUT: '5' })).toBe('--job-timeout only applies with --job (--job-timeout set by MINIFY_JOB_TIMEOUT)');
    expect(check(['app:1'], '', { MINIFY_JOB_TIMEOUT: '5', MINIFY_JOB: 'true' })).toBe('ok');
  });

  it('minify.yml: an entry or the top level without job fails; job from the file satisfies a typed flag', () => {
    expect(check([], 'images: [{ image: a:1 }, { image: b:1, job-timeout: 5 }]')).toBe('--job-timeout only applies with --job (--job-timeout set by minify.yml images[1])');
    expect(check([], 'job-timeout: 5\nimages: [{ image: w:1, job: true }, { image: web:1 }]')).toBe('--job-timeout only applies with --job (--job-timeout set by minify.yml)');
    expect(check([], 'job-timeout: 5\nimages: [{ image: w:1, job: true }]')).toBe('ok');
    expect(check(['w:1', '--job-timeout', '5'], 'images: [{ image: w:1, job: true }]')).toBe('ok');
    expect(check([], 'images: [{ image: w:1, job: false, job-timeout: 5 }]')).toMatch(/only applies with --job/);
    expect(check([], 'images: [{ image: w:1 }]')).toBe('ok');
  });

  it('is one line on stderr and exit 2 through the CLI, before any image is touched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flag-rules-'));
    try {
      await writeFile(join(dir, 'minify.yml'), 'images: [{ image: minify-fixture/none:0, job-timeout: 5 }]\n');
      const root = join(import.meta.dirname, '..', '..');
      const result = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'main.ts'), 'run'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(result.status, result.stderr).toBe(ExitCode.usage);
      expect(result.stderr).toMatch(/^minify: --job-timeout only applies with --job \(--job-timeout set by minify.yml images\[0\]\)[^\n]*\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
