// Every engine call of a run passes this gate: calls that only read or wait are cut off when the run
// is aborted; calls that create something (a container, an image) run to their end and are waited
// for, so cleanup sees what they made; after the abort no new thing is created.
import type Docker from 'dockerode';
import { finished, Readable } from 'node:stream';

type DialOptions = { method?: string; path?: string; abortSignal?: AbortSignal };
type DialCallback = (error: unknown, result?: unknown) => void;
type Dial = (options: DialOptions, callback: DialCallback) => unknown;

const CREATES = [
  /^\/containers\/create(?:\?|$)/,
  /^\/containers\/[^/]+\/(?:start|exec)(?:\?|$)/,
  /^\/exec\/[^/]+\/start(?:\?|$)/,
  /^\/images\/load(?:\?|$)/,
  /^\/(?:build|commit)(?:\?|$)/,
];

const endOfStream = (stream: Readable, then: () => void) => void finished(stream, () => then());
/** The API path without its version prefix (`/v1.41/images/load` → `/images/load`). */
const barePath = (path: string | undefined) => (path ?? '').replace(/^\/v[0-9.]+\//, '/');
const isLoad = (path: string | undefined) => /^\/images\/load(?:\?|$)/.test(barePath(path));

/** Whether an engine API call makes something that would outlive the run (POST create/start/exec/load). */
export function createsSomething(method: string | undefined, path: string | undefined): boolean {
  if (method !== 'POST' || !path) return false;
  return CREATES.some((pattern) => pattern.test(barePath(path)));
}

export interface CallGate {
  /** Resolves when every call started before the abort has returned (at most `timeoutMs`). */
  settled(timeoutMs: number): Promise<void>;
}

/** Wraps docker.modem.dial; `signal` is the run's. */
export function gateEngineCalls(docker: Docker, signal: AbortSignal): CallGate {
  const modem = docker.modem as unknown as { dial: Dial };
  const original = modem.dial.bind(modem);
  const inFlight = new Set<Promise<void>>();
  modem.dial = (options, callback) => {
    const creates = createsSomething(options.method, options.path);
    if (signal.aborted) {
      // Cleanup still reads, removes and tags back; nothing new is made after the abort.
      if (creates) {
        queueMicrotask(() => callback(signal.reason));
        return undefined;
      }
      return original(options, callback);
    }
    if (!creates && !options.abortSignal) options.abortSignal = signal;
    let done: () => void = () => {};
    const settledCall = new Promise<void>((resolve) => (done = resolve));
    inFlight.add(settledCall);
    const finish = () => {
      inFlight.delete(settledCall);
      done();
    };
    return original(options, (error, result) => {
      // A load answers before it tags ("renaming the old one" is written first): it is done at the end of its stream.
      if (!error && isLoad(options.path) && result instanceof Readable) endOfStream(result, finish);
      else finish();
      callback(error, result);
    });
  };
  return {
    async settled(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    },
  };
}
