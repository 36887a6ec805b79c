// Progress rendering: one live line for overlapping phases on a TTY, plain lines in CI, nothing when silent.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressStyle } from '../../src/progress.js';

function capture(style: ProgressStyle) {
  let text = '';
  const out = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  return { progress: createProgress(style, out), text: () => text };
}

/** What a terminal shows: \r returns to the line start, ESC[2K clears it. */
function screen(raw: string): string[] {
  const lines: string[] = [''];
  for (const part of raw.split(/(\r|\n|\u001b\[2K)/)) {
    if (part === '\n') lines.push('');
    else if (part === '\r' || part === '\u001b[2K') lines[lines.length - 1] = '';
    else lines[lines.length - 1] += part;
  }
  return lines;
}

describe('progress', () => {
  it('shows overlapping phases on one TTY status line and prints finished ones above it', async () => {
    const { progress, text } = capture('tty');
    const read = progress.phase('read image');
    const trace = progress.phase('trace');
    await new Promise((resolve) => setTimeout(resolve, 120)); // redraws are throttled to 10 a second
    read.update('12 MB of 1.2 GB saved');
    expect(screen(text()).at(-1)).toMatch(/^… read image 12 MB of 1\.2 GB saved \(\d+\.\ds\) \| trace \(\d+\.\ds\)$/);
    progress.info('trace: probe says hi');
    trace.end();
    expect(screen(text())).toEqual(['trace: probe says hi', expect.stringMatching(/^✓ trace \(\d+\.\ds\)$/), expect.stringMatching(/^… read image 12 MB/)]);
    read.end();
    expect(screen(text()).slice(-2)).toEqual([expect.stringMatching(/^✓ read image/), '']);
    expect(progress.timings.map((t) => t.phase)).toEqual(['trace', 'read image']);
  });

  it('writes one plain line per phase start and end in line mode, and nothing when silent', () => {
    const lines = capture('lines');
    lines.progress.phase('plan').end('3 paths');
    expect(lines.text()).toMatch(/^minify: plan\.\.\.\nminify: plan done in \d+\.\ds: 3 paths\n$/);
    const silent = capture('silent');
    silent.progress.phase('plan').end();
    silent.progress.info('x');
    expect(silent.text()).toBe('');
    expect(silent.progress.timings).toHaveLength(1);
  });
});
