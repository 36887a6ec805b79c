// `minify run` on a 50-column pseudo-terminal: the phase line ticks (the elapsed time of "read image"
// advances while the image is read), shows bytes read of the image's size, one line per probe, and
// nothing ever reaches the last column (no wrapped or repeated lines).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTag, ROOT } from './run-harness.js';

const TAG = `minify-test/reach-tty:${randomUUID().slice(0, 8)}`;
const COLUMNS = 50;

afterAll(() => removeTag(TAG));

/** A terminal of `width` columns: \r goes to column 0, ESC[2K clears the line, \n starts a new one. */
function terminal(raw: string, width: number): { lines: string[]; widest: number; frames: string[] } {
  const lines: string[][] = [[]];
  const frames: string[] = [];
  let col = 0;
  let widest = 0;
  const line = () => lines[lines.length - 1]!;
  for (let i = 0; i < raw.length; i++) {
    if (raw.startsWith('\u001b[2K', i)) {
      frames.push(line().join(''));
      lines[lines.length - 1] = [];
      i += 3;
    } else if (raw[i] === '\r') col = 0;
    else if (raw[i] === '\n') {
      lines.push([]);
      col = 0;
    } else {
      line()[col++] = raw[i]!;
      widest = Math.max(widest, col);
    }
  }
  frames.push(line().join(''));
  expect(widest).toBeLessThanOrEqual(width);
  return { lines: lines.map((chars) => chars.join('')), widest, frames };
}

describe('progress on a TTY', () => {
  it('ticks during read image, shows bytes of total, a line per probe, and fits 50 columns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'minify-tty-'));
    try {
      const raw = join(dir, 'tty.raw');
      const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: String(COLUMNS), TERM: 'xterm' };
      delete env.CI;
      execFileSync('python3', [
        join(ROOT, 'test', 'e2e', 'pty-run.py'), String(COLUMNS), raw, join(dir, 'stdout.txt'),
        process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'run', 'minify-fixture/static-web:1.0', '--tag', TAG,
      ], { cwd: ROOT, env, stdio: 'inherit', timeout: 300_000 });
      const screen = terminal((await readFile(raw)).toString('utf8'), COLUMNS);
      // Redrawn status lines of the read phase, in order: the clock advances while it reads.
      const clock = screen.frames.map((frame) => /read image (\d+\.\d)s/.exec(frame)?.[1]).filter((t): t is string => t !== undefined).map(Number);
      expect(new Set(clock).size).toBeGreaterThanOrEqual(3);
      expect(clock).toEqual([...clock].sort((a, b) => a - b));
      expect(screen.frames.some((frame) => /read image [\d.]+s (\| trace [\d.]+s · )?\d[\d.]* [kMG]?B of \d/.test(frame))).toBe(true);
      // Verify has no detail updates at all: only the ticker can move its clock.
      const verifyClock = new Set(screen.frames.map((frame) => /^… verify (\d+\.\d)s$/.exec(frame)?.[1]).filter(Boolean));
      expect(verifyClock.size).toBeGreaterThanOrEqual(3);
      expect(screen.lines.some((line) => /^✓ read image \(\d+\.\ds\)$/.test(line))).toBe(true);
      expect(screen.lines.filter((line) => /^(trace|verify): probe .+ ok/.test(line)).length).toBeGreaterThanOrEqual(2);
      for (const line of screen.lines) expect([...line].length).toBeLessThan(COLUMNS);
      expect(await readFile(join(dir, 'stdout.txt'), 'utf8')).toContain(TAG);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
