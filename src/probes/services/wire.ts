// A TCP conversation for the service probes: write bytes, read exact byte counts or lines, every read
// bounded by a timeout and the probe's signal. Talks to the target's published ports only.
import { connect, type Socket } from 'node:net';
import { ProbeFailure } from '../types.js';

export interface Wire {
  write(data: string | Uint8Array): void;
  /** Exactly n bytes. */
  take(n: number): Promise<Buffer>;
  /** Up to and without the next CRLF (or LF). */
  line(): Promise<string>;
  /** What the server sends first, within waitMs (empty if it sends nothing). */
  peek(waitMs: number): Promise<Buffer>;
  close(): void;
}

/** A published port: the engine's host (127.0.0.1 when local) and the host port. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

export function openWire(at: Address, signal: AbortSignal, timeoutMs = 5000): Promise<Wire> {
  const { port } = at;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: at.host, port });
    let buffered = Buffer.alloc(0);
    let ended: Error | undefined;
    let wake: (() => void) | undefined;
    const onAbort = () => socket.destroy(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      wake?.();
    });
    socket.on('close', () => {
      ended ??= new ProbeFailure(`port ${port}: the server closed the connection`);
      signal.removeEventListener('abort', onAbort);
      wake?.();
    });
    socket.on('error', (error) => {
      ended = new ProbeFailure(`port ${port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
      reject(ended);
      wake?.();
    });
    /** Waits until `ready` finds what it needs in the buffer, and returns it. */
    const until = <T>(ready: () => T | undefined, waitMs = timeoutMs): Promise<T> =>
      new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new ProbeFailure(`port ${port}: no answer within ${waitMs} ms`)), waitMs);
        const check = () => {
          const value = ready();
          if (value !== undefined) {
            clearTimeout(timer);
            wake = undefined;
            done(value);
          } else if (ended) {
            clearTimeout(timer);
            fail(ended);
          }
        };
        wake = check;
        check();
      });
    const cut = (n: number): Buffer => {
      const head = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      return head;
    };
    socket.once('connect', () =>
      resolve({
        write: (data) => void socket.write(data),
        take: (n) => until(() => (buffered.length >= n ? cut(n) : undefined)),
        line: () =>
          until(() => {
            const at = buffered.indexOf(10);
            return at < 0 ? undefined : cut(at + 1).toString('utf8').replace(/\r?\n$/, '');
          }),
        peek: (waitMs) =>
          new Promise((done) => {
            let finished = false;
            const finish = () => {
              if (finished) return;
              finished = true;
              clearTimeout(timer);
              wake = undefined;
              done(cut(buffered.length));
            };
            const timer = setTimeout(finish, waitMs);
            // Data or the end: take what came, after a moment for the rest of the packet.
            wake = () => (buffered.length > 0 ? setTimeout(finish, 20) : ended ? finish() : undefined);
            wake();
          }),
        close: () => socket.destroy(),
      }),
    );
  });
}
