// Progress for long work: a live phase line on a TTY (ticking, cut to the terminal's width), plain
// "phase done in Ns" lines elsewhere (CI, pipes), nothing at all with --json or --quiet. Writes to
// stderr so stdout stays the report.

export interface Progress {
  /** Starts a phase; returns a function that ends it (and records its seconds). */
  phase(name: string): PhaseHandle;
  /** A one-off informational line. */
  info(line: string): void;
  /** Seconds per finished phase, in order. */
  readonly timings: ReadonlyArray<{ readonly phase: string; readonly seconds: number }>;
}

export interface PhaseHandle {
  /** Updates the live detail on a TTY (e.g. bytes read); ignored in line mode. */
  update(detail: string): void;
  end(summary?: string): number;
  /** The phase stopped with an error: off the status line, no timing, no done line. */
  abandon(): void;
}

export type ProgressStyle = 'tty' | 'lines' | 'silent';

/** How often the TTY status line is redrawn while a phase runs (elapsed time ticks). */
export const TICK_MS = 250;

export function chooseProgressStyle(opts: { json?: boolean; quiet?: boolean }): ProgressStyle {
  if (opts.json || opts.quiet) return 'silent';
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  return process.stderr.isTTY && !ci ? 'tty' : 'lines';
}

/** The terminal's width: the stream's own (a TTY), else $COLUMNS, else 80. */
export function terminalWidth(out: NodeJS.WritableStream): number {
  const columns = (out as { columns?: number }).columns;
  if (columns && columns > 0) return columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 80;
}

/** Cut to fit in `width` columns, leaving the last one free so the terminal never wraps. */
export function fitLine(line: string, width: number): string {
  const room = Math.max(1, width - 1);
  const chars = [...line];
  return chars.length <= room ? line : `${chars.slice(0, room - 1).join('')}…`;
}

export function createProgress(style: ProgressStyle, out: NodeJS.WritableStream = process.stderr): Progress {
  const timings: Array<{ phase: string; seconds: number }> = [];
  const write = (text: string) => {
    if (style !== 'silent') out.write(text);
  };
  // TTY: one live status line for all running phases (reading and tracing overlap); finished
  // phases and info lines are printed above it. Elapsed comes right after the name so a narrow
  // terminal cuts the detail, not the clock.
  const active = new Map<number, { name: string; started: number; detail: string }>();
  let nextId = 0;
  let lastDraw = 0;
  let ticker: NodeJS.Timeout | undefined;
  // Too narrow for every phase with its detail: all the clocks first, then the details.
  const statusLine = (width: number) => {
    const phases = [...active.values()].map(({ name, started, detail }) => ({ clock: `${name} ${((performance.now() - started) / 1000).toFixed(1)}s`, detail }));
    const full = `\u2026 ${phases.map(({ clock, detail }) => (detail ? `${clock} ${detail}` : clock)).join(' | ')}`;
    if ([...full].length < width || phases.length < 2) return full;
    const details = phases.map(({ detail }) => detail).filter(Boolean);
    return `\u2026 ${phases.map(({ clock }) => clock).join(' | ')}${details.length ? ` \u00b7 ${details.join(' \u00b7 ')}` : ''}`;
  };
  const redraw = () => {
    lastDraw = performance.now();
    const width = terminalWidth(out);
    write(`\r\u001b[2K${active.size > 0 ? fitLine(statusLine(width), width) : ''}`);
  };
  const tick = () => {
    if (active.size > 0 && !ticker) {
      ticker = setInterval(redraw, TICK_MS);
      ticker.unref();
    } else if (active.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  const above = (text: string) => {
    const width = terminalWidth(out);
    for (const line of text.split('\n')) write(`\r\u001b[2K${fitLine(line, width)}\n`);
    if (active.size > 0) redraw();
  };
  const stop = (id: number) => {
    active.delete(id);
    tick();
  };
  return {
    timings,
    info(line) {
      if (style === 'tty') above(line);
      else write(`${line}\n`);
    },
    phase(name) {
      const id = nextId++;
      const started = performance.now();
      if (style === 'lines') write(`minify: ${name}...\n`);
      if (style === 'tty') {
        active.set(id, { name, started, detail: '' });
        tick();
        redraw();
      }
      return {
        update(detail) {
          const state = active.get(id);
          if (style !== 'tty' || !state) return;
          // A phase's first detail is drawn at once: a short phase may end before the next tick.
          const first = state.detail === '';
          state.detail = detail;
          if (first || performance.now() - lastDraw >= 100) redraw();
        },
        end(summary) {
          const seconds = (performance.now() - started) / 1000;
          timings.push({ phase: name, seconds });
          const tail = summary ? `: ${summary}` : '';
          if (style === 'tty') {
            stop(id);
            above(`\u2713 ${name}${tail} (${seconds.toFixed(1)}s)`);
          }
          if (style === 'lines') write(`minify: ${name} done in ${seconds.toFixed(1)}s${tail}\n`);
          return seconds;
        },
        abandon() {
          if (style !== 'tty' || !active.has(id)) return;
          stop(id);
          redraw();
        },
      };
    },
  };
}

/** Runs `work` as a progress phase: ended when it returns, abandoned when it throws. */
export async function timed<T>(progress: Progress, name: string, work: (phase: PhaseHandle) => Promise<T>): Promise<T> {
  const phase = progress.phase(name);
  try {
    const result = await work(phase);
    phase.end();
    return result;
  } catch (error) {
    phase.abandon();
    throw error;
  }
}
