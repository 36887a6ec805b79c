// Progress rendering: one live line for overlapping phases on a TTY, plain lines in CI, nothing when silent.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, fitLine, type ProgressStyle } from '../../src/progress.js';

function capture(style: ProgressStyle, columns?: number) {
  let text = '';
  const out = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  if (columns) Object.assign(out, { columns });
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
    expect(screen(text()).at(-1)).toMatch(/^… read image \d+\.\ds 12 MB of 1\.2 GB saved \| trace \d+\.\ds$/);
    progress.info('trace: probe says hi');
    trace.end();
    expect(screen(text())).toEqual(['trace: probe says hi', expect.stringMatching(/^✓ trace \(\d+\.\ds\)$/), expect.stringMatching(/^… read image \d+\.\ds 12 MB/)]);
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

  it('ticks: the elapsed time is redrawn while nothing else happens', async () => {
    const { progress, text } = capture('tty');
    const read = progress.phase('read image');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const shown = text().split('\r\u001b[2K').map((frame) => /read image (\d+\.\d)s/.exec(frame)?.[1]).filter(Boolean);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(new Set(shown).size).toBeGreaterThanOrEqual(3);
    read.end();
    const after = text().length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(text().length).toBe(after); // no phase, no ticking
  });

  it('cuts every line to the terminal width (one column spare, so nothing wraps)', async () => {
    const { progress, text } = capture('tty', 50);
    const read = progress.phase('read image');
    const trace = progress.phase('trace');
    await new Promise((resolve) => setTimeout(resolve, 120));
    read.update('123.4 MB of 456.7 MB read, and a long tail of detail');
    progress.info(`trace: ${'x'.repeat(120)}\nsecond line`);
    trace.end();
    read.end();
    const lines = screen(text());
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(49);
    // Both clocks stay in sight; the detail goes after them and is what gets cut.
    expect(text()).toMatch(/… read image \d+\.\ds \| trace \d+\.\ds · 123\.4 MB of/);
    expect(lines).toContain('second line');
    expect(lines.some((line) => line.startsWith('trace: xxx') && line.endsWith('…'))).toBe(true);
    expect(fitLine('short', 50)).toBe('short');
  });

  it("draws a phase's first detail at once, and later ones at most 10 times a second", () => {
    const { progress, text } = capture('tty');
    const read = progress.phase('read image');
    read.update('1 MB of 9 MB read');
    expect(screen(text()).at(-1)).toMatch(/^… read image \d+\.\ds 1 MB of 9 MB read$/);
    read.update('2 MB of 9 MB read');
    expect(text()).not.toContain('2 MB');
    read.end();
  });

  it('an abandoned phase leaves the status line and the timings', () => {
    const { progress, text } = capture('tty');
    progress.phase('read image').abandon();
    expect(screen(text()).at(-1)).toBe('');
    expect(progress.timings).toEqual([]);
  });
});
