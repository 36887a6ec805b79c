// Runs a probe file in its own node process: a probe that spins or hangs is killed at its deadline or
// on Ctrl-C, and cannot take minify down with it. The child only runs the probe's code; every ctx call
// (HTTP, host and in-container commands, whatever the context offers) is proxied back over IPC and
// served by the real context here, so the engine connection, the exec sensor and any recording stay
// in one place, and what a call started is stopped by minify's own signal when the child dies.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { errorFields, plain, type ChildMessage, type StartMessage } from './isolation-messages.js';
import { ProbeFailure, type Probe, type ProbeContext } from './types.js';

const CHILD = new URL(import.meta.url.endsWith('.ts') ? './isolated-child.ts' : './isolated-child.js', import.meta.url);
/** Run from source (tests, `tsx src/cli/main.ts`), the child itself needs tsx to start. */
const EXEC_ARGV = CHILD.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
const SYNC_MEMBERS = new Set(['url', 'hostPort', 'log', 'record', 'ports', 'deadline', 'signal']);

type Final = Extract<ChildMessage, { type: 'loaded' | 'done' | 'failed' | 'load-failed' }> | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null };
const RUN_ENDS = new Set(['done', 'failed', 'load-failed']);
const CHECK_ENDS = new Set(['loaded', 'load-failed']);

function spawnChild(onLine: (line: string) => void): ChildProcess {
  const child = fork(CHILD, [], { execArgv: EXEC_ARGV, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', onLine);
  }
  return child;
}

/** Ends when the child says it is done (or dies); kills it then, so nothing it left running survives. */
function finished(child: ChildProcess, ends: ReadonlySet<string>, onMessage: (message: ChildMessage) => void): Promise<Final> {
  return new Promise((resolve) => {
    child.on('message', (message: ChildMessage) => {
      if (ends.has(message.type)) resolve(message as Final);
      else onMessage(message);
    });
    child.on('exit', (code, signal) => resolve({ type: 'exit', code, signal }));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** Loads the file in a child once, before any container starts: a missing default export or a syntax error fails fast. */
export async function checkProbeFile(path: string): Promise<Extract<Final, { type: 'load-failed' }> | undefined> {
  const output: string[] = [];
  const child = spawnChild((line) => output.push(line));
  try {
    const done = finished(child, CHECK_ENDS, () => {});
    child.send({ type: 'check', file: path } satisfies StartMessage);
    const final = await done;
    if (final.type === 'load-failed') return final;
    if (final.type === 'exit') {
      return { type: 'load-failed', reason: 'import', message: `its process exited (${final.signal ?? `code ${final.code}`})${output.length ? `: ${output.slice(-3).join(' | ')}` : ''}` };
    }
    return undefined;
  } finally {
    await stop(child);
  }
}

export function isolatedProbe(path: string, name: string): Probe {
  return { name, run: (ctx) => runIsolated(path, ctx) };
}

async function runIsolated(path: string, ctx: ProbeContext): Promise<void> {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const output: string[] = [];
  const child = spawnChild((line) => {
    output.push(line);
    ctx.log(line);
  });
  const onAbort = () => void stop(child);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const done = finished(child, RUN_ENDS, (message) => serve(child, ctx, message));
    child.send({ type: 'run', file: path, endpoints: ports(ctx), host: ctx.host, deadline: ctx.deadline, methods: asyncMethods(ctx) } satisfies StartMessage);
    const final = await done;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (final.type === 'failed') throw final.error.probeFailure ? new ProbeFailure(final.error.message) : new Error(final.error.message);
    if (final.type === 'load-failed') throw new ProbeFailure(`cannot be loaded: ${final.message}`);
    if (final.type === 'exit') {
      const last = output.slice(-3).join(' | ');
      throw new ProbeFailure(`its process exited (${final.signal ?? `code ${final.code}`}) before the probe finished${last ? `: ${last}` : ''}`);
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await stop(child);
  }
}

/** Answers one message from the child: a log line, or a ctx call run here. */
function serve(child: ChildProcess, ctx: ProbeContext, message: ChildMessage): void {
  if (message.type === 'log') {
    ctx.log(message.message);
    return;
  }
  if (message.type === 'record') {
    ctx.record(message.step, message.outcome);
    return;
  }
  if (message.type !== 'call') return;
  const reply = (fields: { value: unknown } | { error: ReturnType<typeof errorFields> }) => {
    if (child.connected) child.send({ type: 'reply', id: message.id, ...fields });
  };
  Promise.resolve()
    .then(() => method(ctx, message.method)(...message.args))
    .then((value) => reply({ value: plain(value) }), (error: unknown) => reply({ error: errorFields(error) }));
}

function method(ctx: ProbeContext, name: string): (...args: readonly unknown[]) => unknown {
  if (!asyncMethods(ctx).includes(name)) throw new Error(`the probe context has no method ${name}`);
  const [head, tail] = name.split('.') as [string, string | undefined];
  const owner = (tail ? (ctx as unknown as Record<string, Record<string, unknown>>)[head] : ctx) as Record<string, unknown>;
  return (owner[tail ?? head] as (...args: readonly unknown[]) => unknown).bind(owner);
}

/** Every function of the context (one level into objects such as http) the child must ask for. */
function asyncMethods(ctx: ProbeContext): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(ctx)) {
    if (SYNC_MEMBERS.has(key)) continue;
    if (typeof value === 'function') names.push(key);
    else if (value && typeof value === 'object') {
      for (const [inner, fn] of Object.entries(value as Record<string, unknown>)) if (typeof fn === 'function') names.push(`${key}.${inner}`);
    }
  }
  return names;
}

function ports(ctx: ProbeContext): Array<[number, number]> {
  return ctx.ports.map((port) => [port, ctx.hostPort(port)]);
}
