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
  return {
    timings,
    info(line) {
      write(`${line}\n`);
    },
    phase(name) {
      const started = performance.now();
      let lastDraw = 0;
      if (style === 'lines') write(`minify: ${name}...\n`);
      if (style === 'tty') write(`\u2026 ${name}`);
      return {
        update(detail) {
          if (style !== 'tty') return;
          const now = performance.now();
          if (now - lastDraw < 100) return;
          lastDraw = now;
          const elapsed = ((now - started) / 1000).toFixed(1);
          write(`\r\u001b[2K\u2026 ${name} ${detail} (${elapsed}s)`);
        },
        end(summary) {
          const seconds = (performance.now() - started) / 1000;
          timings.push({ phase: name, seconds });
          const tail = summary ? `: ${summary}` : '';
          if (style === 'tty') write(`\r\u001b[2K\u2713 ${name}${tail} (${seconds.toFixed(1)}s)\n`);
          if (style === 'lines') write(`minify: ${name} done in ${seconds.toFixed(1)}s${tail}\n`);
          return seconds;
        },
      };
    },
  };
}
