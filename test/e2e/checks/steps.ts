// Records a check's steps: every step runs (a failure does not stop the ones after it), so a failing
// check lists everything the image lacked, not only the first thing.
import { isDeepStrictEqual } from 'node:util';
import type { CheckStep } from './check-types.js';

export class StepRecorder {
  readonly steps: CheckStep[] = [];

  async step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      this.steps.push({ name, ok: true });
    } catch (error) {
      this.steps.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Throws a readable mismatch unless `actual` deep-equals `expected`. */
export function same(what: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly type: string;
  readonly bytes: Buffer;
  readonly text: string;
}

/** One HTTP exchange; the answer's body is kept as bytes and as UTF-8 text. */
export async function request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes, text: bytes.toString('utf8') };
}

/** GET a JSON route and expect 200; a non-200 answer throws with the start of its body. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const answer = await request(url, init);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: status ${answer.status}: ${answer.text.replace(/\s+/g, ' ').slice(0, 120)}`);
  return JSON.parse(answer.text) as T;
}

/** A real answer that says the service is broken: waiting longer will not help. */
export class FinalAnswer extends Error {}

/** Polls `attempt` until it resolves, throws a FinalAnswer, or `signal` aborts (then throws the last error). */
export async function untilReady(signal: AbortSignal, attempt: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (signal.aborted || error instanceof FinalAnswer) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
