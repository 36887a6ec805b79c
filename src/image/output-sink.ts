// Writing into a stream the caller owns: backpressure, and an error the stream emits between writes
// (ENOSPC after a write was accepted, say) is kept and raised at the next write or at the end,
// never left unhandled.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export class OutputSink {
  private failure: Error | undefined;

  constructor(private readonly out: Writable) {
    out.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(chunk)) await waitForDrain(this.out);
    if (this.failure) throw this.failure;
  }

  /** Ends the stream and waits until it has flushed. */
  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.out.end();
    await finished(this.out);
  }
}

/** Resolves on 'drain', rejects on 'error' or 'close' (a destroyed stream never drains). */
function waitForDrain(out: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (error: Error): void => done(error);
    const onClose = (): void => done(new Error('output closed before the write finished'));
    out.once('drain', onDrain);
    out.once('error', onError);
    out.once('close', onClose);
  });
}
