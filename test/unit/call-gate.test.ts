// The engine call gate: a load is in flight until its response stream ends (the engine tags after it answers).
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { gateEngineCalls } from '../../src/engine/call-gate.js';

type Callback = (error: unknown, result?: unknown) => void;

function fakeDocker(): { docker: Docker; answer: (result: unknown) => void } {
  let pending: Callback | undefined;
  const modem = { dial: (_options: unknown, callback: Callback) => void (pending = callback) };
  return { docker: { modem } as unknown as Docker, answer: (result) => pending?.(null, result) };
}

async function settledWithin(gate: ReturnType<typeof gateEngineCalls>, ms: number): Promise<boolean> {
  let settled = false;
  await Promise.race([gate.settled(10_000).then(() => (settled = true)), new Promise((resolve) => setTimeout(resolve, ms))]);
  return settled;
}

describe('gateEngineCalls', () => {
  it('waits for a load until its response stream ends, not only for its answer', async () => {
    const { docker, answer } = fakeDocker();
    const gate = gateEngineCalls(docker, new AbortController().signal);
    const modem = docker.modem as unknown as { dial: (options: object, callback: Callback) => void };
    modem.dial({ method: 'POST', path: '/images/load?quiet=1' }, () => {});
    const response = new PassThrough();
    answer(response);
    expect(await settledWithin(gate, 30)).toBe(false);
    response.end('{"stream":"Loaded image: app:1-slim"}');
    response.resume();
    expect(await settledWithin(gate, 200)).toBe(true);
  });

  it('takes any other call as done when it answers', async () => {
    const { docker, answer } = fakeDocker();
    const gate = gateEngineCalls(docker, new AbortController().signal);
    const modem = docker.modem as unknown as { dial: (options: object, callback: Callback) => void };
    modem.dial({ method: 'POST', path: '/containers/create' }, () => {});
    answer(new PassThrough());
    expect(await settledWithin(gate, 200)).toBe(true);
  });
});
