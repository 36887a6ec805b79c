// One disposer for everything a command creates (containers, temp dirs, images); it runs on success,
// on error and on SIGINT/SIGTERM, newest first, so nothing is left behind.
import { ExitCode } from './errors.js';

type DisposeFn = () => Promise<void> | void;

/** Runs the cleanup now (and unregisters it); `forget()` unregisters it without running it. */
export interface DisposeHandle {
  (): Promise<void>;
  forget(): void;
}

interface Registration {
  readonly label: string;
  readonly dispose: DisposeFn;
}

export class Disposer {
  private readonly pending = new Map<number, Registration>();
  private nextId = 0;

  /** Registers a cleanup; the handle runs it early, or forgets it when the resource is kept. */
  add(label: string, dispose: DisposeFn): DisposeHandle {
    const id = this.nextId++;
    this.pending.set(id, { label, dispose });
    const run = async () => {
      const registration = this.pending.get(id);
      if (!registration) return;
      this.pending.delete(id);
      await registration.dispose();
    };
    return Object.assign(run, { forget: () => void this.pending.delete(id) });
  }

  /** Runs every pending cleanup, newest first; collects failures instead of stopping at the first. */
  async disposeAll(): Promise<string[]> {
    const failures: string[] = [];
    const ids = [...this.pending.keys()].sort((a, b) => b - a);
    for (const id of ids) {
      const registration = this.pending.get(id);
      if (!registration) continue;
      this.pending.delete(id);
      try {
        await registration.dispose();
      } catch (error) {
        failures.push(`${registration.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }

  get size(): number {
    return this.pending.size;
  }
}

/**
 * Runs `body` with a disposer that is emptied when the body settles or when the process gets
 * SIGINT/SIGTERM (then the process exits 130/143 after cleaning up).
 */
export async function withCleanup<T>(body: (disposer: Disposer, signal: AbortSignal) => Promise<T>): Promise<T> {
  const disposer = new Disposer();
  const abort = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    abort.abort(new Error(`interrupted by ${signal}`));
    process.stderr.write(`minify: interrupted by ${signal}; removing what this run created\n`);
    void disposer
      .disposeAll()
      .then((failures) => {
        for (const failure of failures) process.stderr.write(`minify: cleanup failed: ${failure}\n`);
      })
      .finally(() => {
        process.exit(signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(disposer, abort.signal);
  } finally {
    if (!interrupted) {
      const failures = await disposer.disposeAll();
      for (const failure of failures) process.stderr.write(`minify: cleanup failed: ${failure}\n`);
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
