// Progress for long work: a live phase line on a TTY, plain "phase done in Ns" lines elsewhere
// (CI, pipes), nothing at all with --json or --quiet. Writes to stderr so stdout stays the report.

export interface Progress {
  /** Starts a phase; returns a function that ends it (and records its seconds). */
  phase(name: string): PhaseHandle;
  /** A one-off informational line. */
  info(line: string): void;
  /** Seconds per finished phase, in order. */
  readonly timings: ReadonlyArray<{ readonly phase: string; readonly seconds: number }>;
}

export interface PhaseHandle {
  /** Updates the live detail on a TTY (e.g. bytes written); ignored in line mode. */
  update(detail: string): void;
  end(summary?: string): number;
}

export type ProgressStyle = 'tty' | 'lines' | 'silent';

export function chooseProgressStyle(opts: { json?: boolean; quiet?: boolean }): ProgressStyle {
  if (opts.json || opts.quiet) return 'silent';
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  return process.stderr.isTTY && !ci ? 'tty' : 'lines';
}

export function createProgress(style: ProgressStyle, out: NodeJS.WritableStream = process.stderr): Progress {
  const timings: Array<{ phase: string; seconds: number }> = [];
  const write = (text: string) => {
    if (style !== 'silent') out.write(text);
  };
  // TTY: one live status line for all running phases (reading and tracing overlap); finished
  // phases and info lines are printed above it.
  const active = new Map<number, { name: string; started: number; detail: string }>();
  let nextId = 0;
  let lastDraw = 0;
  const statusLine = () =>
    [...active.values()]
      .map(({ name, started, detail }) => `${name}${detail ? ` ${detail}` : ''} (${((performance.now() - started) / 1000).toFixed(1)}s)`)
      .join(' | ');
  const redraw = () => {
    lastDraw = performance.now();
    write(`\r\u001b[2K${active.size > 0 ? `\u2026 ${statusLine()}` : ''}`);
  };
  const above = (line: string) => {
    write(`\r\u001b[2K${line}\n`);
    if (active.size > 0) redraw();
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
        redraw();
      }
      return {
        update(detail) {
          const state = active.get(id);
          if (style !== 'tty' || !state) return;
          state.detail = detail;
          if (performance.now() - lastDraw >= 100) redraw();
        },
        end(summary) {
          const seconds = (performance.now() - started) / 1000;
          timings.push({ phase: name, seconds });
          const tail = summary ? `: ${summary}` : '';
          if (style === 'tty') {
            active.delete(id);
            above(`\u2713 ${name}${tail} (${seconds.toFixed(1)}s)`);
          }
          if (style === 'lines') write(`minify: ${name} done in ${seconds.toFixed(1)}s${tail}\n`);
          return seconds;
        },
      };
    },
  };
}
