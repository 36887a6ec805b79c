// An exclusive lock per engine + result tag, held for the whole run: a never-started container whose
// name is derived from the tag (the engine refuses a second one with 409), labelled with its owner
// and what the tag named before, so a sweep can give the tag back if the owner dies.
import { createHash } from 'node:crypto';
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { statusOf } from '../engine/connect.js';
import { createContainer, labelsOfNamed, removeContainer } from '../engine/containers.js';
import { findImage } from '../engine/images.js';
import { isDeadOwner, ownerOf } from '../engine/owner.js';
import { UsageError } from '../errors.js';
import { parseImageRef } from '../image/ref.js';
import { LOCK_PREVIOUS, LOCK_SOURCE, LOCK_TAG, restoreDeadLock } from './dead-runs.js';

/** `app:1`, `library/app:1` and `docker.io/library/app:1` are one tag to the engine: one lock. */
export function canonicalTag(tag: string): string {
  const ref = parseImageRef(tag);
  const registry = ref.registry ?? 'docker.io';
  const repository = registry === 'docker.io' && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return `${registry}/${repository}:${ref.tag ?? 'latest'}`;
}

export function lockName(tag: string): string {
  return `minify-lock-${createHash('sha256').update(canonicalTag(tag)).digest('hex').slice(0, 24)}`;
}

export interface LockOptions {
  readonly tag: string;
  /** The source image: the lock container is made from it (and never started). */
  readonly sourceId: string;
  /** Wait for the holder to finish instead of failing at once. */
  readonly wait: boolean;
  readonly signal: AbortSignal;
  readonly pollMs?: number;
}

/** Takes the lock on `tag` for the rest of the run (released by the disposer); returns the id the tag named before. */
export async function lockTag(engine: Engine, disposer: Disposer, options: LockOptions): Promise<{ previousId?: string }> {
  const name = lockName(options.tag);
  for (;;) {
    if (options.signal.aborted) throw options.signal.reason;
    const previousId = (await findImage(engine, options.tag))?.id;
    try {
      const id = await createContainer(engine, {
        name, image: options.sourceId, runId: disposer.runId, role: 'lock', entrypoint: ['/minify-lock'], cmd: [],
        labels: { [LOCK_TAG]: options.tag, [LOCK_PREVIOUS]: previousId ?? '', [LOCK_SOURCE]: options.sourceId },
      });
      disposer.add(`lock on ${options.tag}`, () => removeContainer(engine, id));
      return previousId ? { previousId } : {};
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    const labels = await labelsOfNamed(engine, name);
    if (!labels) continue; // released between our create and our look
    const holder = ownerOf(labels);
    if (holder && isDeadOwner(holder)) {
      await restoreDeadLock(engine, labels);
      await removeContainer(engine, name);
      continue;
    }
    if (!options.wait) {
      const who = holder ? `run ${holder.runId.slice(0, 4)}… (pid ${holder.pid}${holder.host === disposer.owner.host ? '' : ` on ${holder.host}`})` : `container ${name}`;
      throw new UsageError(`tag ${options.tag} is being built by ${who}`, 'wait for it to finish, or pass --wait-lock to queue behind it');
    }
    await sleep(options.pollMs ?? 1000, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
