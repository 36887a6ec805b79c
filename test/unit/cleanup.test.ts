// The disposer behind "nothing left behind": newest first, early release, forget, failures collected.
import { describe, expect, it } from 'vitest';
import { Disposer, withCleanup } from '../../src/cleanup.js';
import { createsSomething } from '../../src/engine/call-gate.js';
import { ExitCode, InterruptedError, MinifyError } from '../../src/errors.js';

describe('Disposer', () => {
  it('runs pending cleanups newest first, skipping forgotten and already-run ones', async () => {
    const disposer = new Disposer();
    const ran: string[] = [];
    disposer.add('temp dir', () => void ran.push('temp dir'));
    const container = disposer.add('container', () => void ran.push('container'));
    const kept = disposer.add('slim tag', () => void ran.push('slim tag'));
    disposer.add('sweep', async () => void ran.push('sweep'));
    await container();
    kept.forget();
    expect(disposer.size).toBe(2);
    expect(await disposer.disposeAll()).toEqual([]);
    expect(ran).toEqual(['container', 'sweep', 'temp dir']);
    await container(); // a second call is a no-op
    expect(ran).toHaveLength(3);
  });

  it('keeps going after a failing cleanup and reports it with its label', async () => {
    const disposer = new Disposer();
    const ran: string[] = [];
    disposer.add('temp dir', () => void ran.push('temp dir'));
    disposer.add('container abc', () => {
      throw new Error('engine gone');
    });
    expect(await disposer.disposeAll()).toEqual(['container abc: engine gone']);
    expect(ran).toEqual(['temp dir']);
  });

  it('waits for a cleanup the run started itself before the signal (a tag being restored)', async () => {
    const disposer = new Disposer();
    const ran: string[] = [];
    let finish: () => void = () => {};
    const restore = disposer.add('slim tag', () => new Promise<void>((resolve) => (finish = () => { ran.push('slim tag'); resolve(); })));
    const early = restore();
    const all = disposer.disposeAll().then(() => ran.push('all done'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual([]);
    finish();
    await Promise.all([early, all]);
    expect(ran).toEqual(['slim tag', 'all done']);
  });
});

describe('withCleanup', () => {
  it('disposes when the body succeeds and when it throws, and passes the error on', async () => {
    const ran: string[] = [];
    await expect(withCleanup(async (disposer) => {
      disposer.add('a', () => void ran.push('a'));
      return 42;
    })).resolves.toBe(42);
    await expect(withCleanup(async (disposer) => {
      disposer.add('b', () => void ran.push('b'));
      throw new Error('probe threw');
    })).rejects.toThrow('probe threw');
    expect(ran).toEqual(['a', 'b']);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('withCleanup on a signal', () => {
  it('cleans up once, after what was in flight settled, and throws an InterruptedError whatever the body threw', async () => {
    const ran: string[] = [];
    let finishCreate: () => void = () => {};
    const run = withCleanup(async (disposer, signal) => {
      disposer.add('sweep', () => void ran.push('sweep'));
      disposer.settleFirst(() => new Promise<void>((resolve) => (finishCreate = () => {
        ran.push('create returned');
        resolve();
      })));
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new MinifyError('sensor left no report', { code: ExitCode.sensorFailed }))));
    });
    await new Promise((resolve) => setImmediate(resolve));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT'); // a second signal does not start a second cleanup
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual([]);
    finishCreate();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).code).toBe(ExitCode.terminated);
    expect(ran).toEqual(['create returned', 'sweep']);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('gives up on a body that never returns once cleanup is done (exit 130 for SIGINT)', async () => {
    const ran: string[] = [];
    const run = withCleanup(async (disposer) => {
      disposer.add('container', () => void ran.push('container'));
      await new Promise(() => {});
    });
    await new Promise((resolve) => setImmediate(resolve));
    process.emit('SIGINT', 'SIGINT');
    await expect(run).rejects.toMatchObject({ code: ExitCode.interrupted });
    expect(ran).toEqual(['container']);
  });

  it('aborts the signal when the body fails, so parallel phases stop', async () => {
    let seen: AbortSignal | undefined;
    await expect(withCleanup(async (_disposer, signal) => {
      seen = signal;
      throw new Error('trace failed');
    })).rejects.toThrow('trace failed');
    expect(seen?.aborted).toBe(true);
  });
});

describe('createsSomething', () => {
  it('tells calls that make a container or image from reads, waits and removals', () => {
    expect(createsSomething('POST', '/v1.45/containers/create?name=x')).toBe(true);
    expect(createsSomething('POST', '/containers/abc/start?')).toBe(true);
    expect(createsSomething('POST', '/containers/abc/exec')).toBe(true);
    expect(createsSomething('POST', '/images/load?quiet=1')).toBe(true);
    expect(createsSomething('POST', '/containers/abc/wait?')).toBe(false);
    expect(createsSomething('POST', '/images/app:1/tag?repo=a')).toBe(false);
    expect(createsSomething('DELETE', '/containers/abc?force=1')).toBe(false);
    expect(createsSomething('GET', '/images/app/get')).toBe(false);
  });
});
