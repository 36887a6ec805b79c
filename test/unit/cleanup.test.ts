// The disposer behind "nothing left behind": newest first, early release, forget, failures collected.
import { describe, expect, it } from 'vitest';
import { Disposer, withCleanup } from '../../src/cleanup.js';

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
