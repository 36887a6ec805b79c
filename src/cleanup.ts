// One disposer for everything a command creates (containers, temp dirs, images); it runs once, on
// success, on error and on SIGINT/SIGTERM, after in-flight engine calls have settled, newest first.
import { randomUUID } from 'node:crypto';
import { currentOwner, type Owner } from './engine/owner.js';
import { InterruptedError } from './errors.js';
import { sweepRunTempDirs } from './temp-dir.js';

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

/** A fresh run id: 12 hex digits, on every label, lock and temp dir name of the run. */
export function newRunId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

export class Disposer {
  private readonly pending = new Map<number, Registration>();
  private readonly settlers: Array<() => Promise<void>> = [];
  /** Cleanups the run itself started early (a handle called): disposeAll waits for them too. */
  private readonly running = new Set<Promise<void>>();
  private nextId = 0;

  /** Whose containers, images and temp dirs these are (the run id plus this host and pid). */
  readonly owner: Owner;

  constructor(owner: Owner = currentOwner(newRunId())) {
    this.owner = owner;
  }

  get runId(): string {
    return this.owner.runId;
  }

  /** Registers a cleanup; the handle runs it early, or forgets it when the resource is kept. */
  add(label: string, dispose: DisposeFn): DisposeHandle {
    const id = this.nextId++;
    this.pending.set(id, { label, dispose });
    const run = async () => {
      const registration = this.pending.get(id);
      if (!registration) return;
      this.pending.delete(id);
      const disposing = Promise.resolve(registration.dispose());
      const tracked = disposing.then(() => undefined, () => undefined);
      this.running.add(tracked);
      try {
        await disposing;
      } finally {
        this.running.delete(tracked);
      }
    };
    return Object.assign(run, { forget: () => void this.pending.delete(id) });
  }

  /** Something disposeAll waits for before it starts (in-flight engine calls: a create that returns late). */
  settleFirst(settle: () => Promise<void>): void {
    this.settlers.push(settle);
  }

  /** Waits for the settlers, then runs every pending cleanup, newest first; collects failures. */
  async disposeAll(): Promise<string[]> {
    await Promise.allSettled(this.settlers.map((settle) => settle()));
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
    // A handle the run called just before the signal (restoring a tag) must finish before the exit.
    await Promise.all([...this.running]);
    return failures;
  }

  get size(): number {
    return this.pending.size;
  }
}

/**
 * Runs `body` with a disposer and an AbortSignal. The signal aborts on SIGINT/SIGTERM and when the
 * body fails (so parallel phases stop); cleanup runs exactly once, and an interrupted run throws an
 * InterruptedError (exit 130/143), whatever the body threw on its way down.
 */
export async function withCleanup<T>(body: (disposer: Disposer, signal: AbortSignal) => Promise<T>): Promise<T> {
  const disposer = new Disposer();
  // Registered first, so it runs last: temp dirs of this run that a late mkdtemp made after all.
  disposer.add('temp dirs of this run', () => sweepRunTempDirs(disposer.owner));
  const abort = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  let cleanup: Promise<void> | undefined;
  const cleanOnce = () => (cleanup ??= disposer.disposeAll().then(reportFailures));
  let rejectInterrupted: (error: InterruptedError) => void = () => {};
  const interruption = new Promise<never>((_, reject) => (rejectInterrupted = reject));
  interruption.catch(() => {});
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    abort.abort(new InterruptedError(signal));
    process.stderr.write(`minify: interrupted by ${signal}; removing what this run created\n`);
    void cleanOnce().finally(() => rejectInterrupted(new InterruptedError(signal)));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await Promise.race([body(disposer, abort.signal), interruption]);
    await cleanOnce();
    if (interrupted) throw new InterruptedError(interrupted);
    return result;
  } catch (error) {
    if (!abort.signal.aborted) abort.abort(error);
    await cleanOnce();
    if (interrupted) throw new InterruptedError(interrupted);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function reportFailures(failures: readonly string[]): void {
  for (const failure of failures) process.stderr.write(`minify: cleanup failed: ${failure}\n`);
}
