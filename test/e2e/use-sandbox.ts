// The set-up most e2e files share: a sandbox made before their tests, and after them the images they
// tagged removed (the engine is shared, so each file removes exactly what it made) and the sandbox gone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createSandbox, removeTag, type Sandbox } from './run-harness.js';

/** A short random id for a file's tags, so that two runs of the suite on one engine never share one. */
export const uniqueId = (): string => randomUUID().slice(0, 8);

export interface SandboxOptions {
  /** Image refs to remove after the tests. Read then, so refs a test pushes onto the array count too. */
  readonly tags?: readonly string[];
}

/**
 * Registers the beforeAll/afterAll hooks (in the current describe, or the file) and returns the
 * sandbox, usable in the tests and in hooks registered after this call. Its after hook runs after
 * theirs (vitest runs after hooks in reverse), so their own cleanup still sees the sandbox.
 */
export function useSandbox({ tags = [] }: SandboxOptions = {}): Sandbox {
  let current: Sandbox | undefined;
  beforeAll(async () => {
    current = await createSandbox();
  });
  afterAll(async () => {
    for (const tag of tags) removeTag(tag);
    await current?.dispose();
  });
  const made = (): Sandbox => {
    if (!current) throw new Error('useSandbox: the sandbox exists from its beforeAll hook on, not while tests are collected');
    return current;
  };
  // The sandbox is made in a hook but the files need a name for it at load time: this stands in for it.
  return new Proxy({} as Sandbox, { get: (_target, key) => Reflect.get(made(), key) });
}
