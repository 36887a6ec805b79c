// The process an isolated probe runs in: loads the probe file (tsx), and runs it against a context
// whose calls go back to minify over IPC, so minify can kill this process at the deadline or on
// Ctrl-C even if the probe never yields.
import { portHelpers } from './ports.js';
import { httpResponse } from './http.js';
import { errorFields, plain, type ChildMessage, type ReplyMessage, type StartMessage } from './isolation-messages.js';
import { importProbe } from './probe-import.js';
import { ProbeFailure, type HttpResponse, type ProbeContext } from './types.js';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

function call(method: string, args: readonly unknown[]): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: 'call', id, method, args: plain(args) as unknown[] });
  });
}

function onReply(message: ReplyMessage): void {
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  if ('error' in message) {
    const error = message.error.probeFailure ? new ProbeFailure(message.error.message) : new Error(message.error.message);
    waiting.reject(error);
  } else {
    waiting.resolve(message.value);
  }
}

/** The label ctx.http uses in its messages, to rebuild a response's json() with the same wording. */
function httpLabel(method: string, args: readonly unknown[]): string {
  if (method === 'http.request') return `${String(args[0]).toUpperCase()} ${String(args[1])}`;
  return `${method === 'http.post' ? 'POST' : 'GET'} ${String(args[0])}`;
}

function proxiedContext(start: Extract<StartMessage, { type: 'run' }>): ProbeContext {
  const { ports, host, hostPort, url } = portHelpers(new Map(start.endpoints.map(([container, port]) => [container, { host: start.host, port }])));
  const ctx: Record<string, unknown> = {
    ports, host, hostPort, url,
    deadline: start.deadline,
    signal: new AbortController().signal,
    log: (message: unknown) => send({ type: 'log', message: String(message) }),
    record: (step: unknown, outcome: unknown) => send({ type: 'record', step: String(step), outcome: String(outcome) }),
  };
  for (const method of start.methods) {
    const [head, tail] = method.split('.') as [string, string | undefined];
    const proxy = tail?.length && head === 'http'
      ? async (...args: unknown[]): Promise<HttpResponse> => httpResponse(httpLabel(method, args), (await call(method, args)) as Omit<HttpResponse, 'json'>)
      : (...args: unknown[]) => call(method, args);
    if (tail) ctx[head] = { ...(ctx[head] as object | undefined), [tail]: proxy };
    else ctx[head] = proxy;
  }
  return ctx as unknown as ProbeContext;
}

async function main(start: StartMessage): Promise<void> {
  const loaded = await importProbe(start.file);
  if (!loaded.ok) {
    send({ type: 'load-failed', reason: loaded.reason, message: loaded.message });
    return;
  }
  send({ type: 'loaded' });
  if (start.type === 'check') return;
  try {
    await loaded.run(proxiedContext(start));
    send({ type: 'done' });
  } catch (error) {
    send({ type: 'failed', error: errorFields(error) });
  }
}

let finished = false;
// minify gone (kill -9, a crash): nothing is left to report to, and a hanging probe must not outlive it.
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});
process.on('message', (message: StartMessage | ReplyMessage) => {
  if (message.type === 'reply') onReply(message);
  else {
    void main(message).finally(() => {
      finished = true;
      process.disconnect();
    });
  }
});
