// What runs that died on this host (kill -9, a crash, a lost CI runner) left behind: their containers,
// their temp dirs, and result tags moved onto images they never verified. Found by the owner labels
// and names (run id, host, pid); `minify gc` and the start of every run remove them.
import { rm } from 'node:fs/promises';
import { SOURCE_ID_LABEL } from '../assemble/slim-config.js';
import type { Engine } from '../engine/connect.js';
import { listLabelled, removeContainer } from '../engine/containers.js';
import { inspectImage, removeImage, tagImage } from '../engine/images.js';
import { isDeadOwner, ownerOf, ROLE_LABEL, RUN_LABEL, type Owner } from '../engine/owner.js';
import { repositoryName, parseImageRef } from '../image/ref.js';
import { isDeadTempDir, listOwnedTempDirs } from '../temp-dir.js';

/** A tag lock's labels (tag-lock.ts writes them): which tag, what it named before, which source. */
export const LOCK_TAG = 'minify.lock.tag';
export const LOCK_PREVIOUS = 'minify.lock.previous';
export const LOCK_SOURCE = 'minify.lock.source';

export interface DeadRunLeftovers {
  readonly runs: string[];
  readonly containers: Array<{ id: string; runId: string; pid: number; role: string }>;
  readonly tempDirs: string[];
  /** Tags a dead run had moved: given back to the image they named before (or removed). */
  readonly tags: Array<{ tag: string; restoredTo?: string }>;
}

/** Finds (and unless dryRun, removes) what dead runs on this host left. */
export async function sweepDeadRuns(engine: Engine, options: { dryRun?: boolean; tempRoot?: string } = {}): Promise<DeadRunLeftovers> {
  const dead = (await listLabelled(engine, RUN_LABEL))
    .map((container) => ({ container, owner: ownerOf(container.labels) }))
    .filter((entry): entry is { container: typeof entry.container; owner: Owner } => entry.owner !== undefined && isDeadOwner(entry.owner));
  const tempDirs = (await listOwnedTempDirs(options.tempRoot)).filter(isDeadTempDir);
  const tags: DeadRunLeftovers['tags'] = [];
  // Locks last: the tag stays held while it is given back, and the run's containers are gone by then,
  // so the unverified image they ran (which loses the tag) can go too.
  const ordered = [...dead].sort((a, b) => Number(a.container.labels[ROLE_LABEL] === 'lock') - Number(b.container.labels[ROLE_LABEL] === 'lock'));
  for (const { container } of ordered) {
    if (options.dryRun) {
      const tag = container.labels[LOCK_TAG];
      if (tag && (await deadRunMovedTag(engine, container.labels))) tags.push({ tag, ...(container.labels[LOCK_PREVIOUS] ? { restoredTo: container.labels[LOCK_PREVIOUS] } : {}) });
      continue;
    }
    const restored = await restoreDeadLock(engine, container.labels);
    if (restored) tags.push(restored);
    await removeContainer(engine, container.id);
  }
  if (!options.dryRun) for (const dir of tempDirs) await rm(dir.path, { recursive: true, force: true });
  return {
    runs: [...new Set([...dead.map((entry) => entry.owner.runId), ...tempDirs.map((dir) => dir.runId)])].sort(),
    containers: dead.map(({ container, owner }) => ({ id: container.id.slice(0, 12), runId: owner.runId, pid: owner.pid, role: container.labels[ROLE_LABEL] ?? '' })),
    tempDirs: tempDirs.map((dir) => dir.path),
    tags,
  };
}

/**
 * Gives a dead run's tag back: if the tag names an image made from the lock's source (so by that
 * run) and not the one it named before, that image loses the tag and the previous one gets it again.
 */
export async function restoreDeadLock(engine: Engine, labels: Readonly<Record<string, string>>): Promise<{ tag: string; restoredTo?: string } | undefined> {
  const tag = labels[LOCK_TAG];
  if (!tag || !(await deadRunMovedTag(engine, labels))) return undefined;
  const previous = labels[LOCK_PREVIOUS] || undefined;
  await removeImage(engine, tag);
  if (previous && (await inspectImage(engine, previous).catch(() => undefined))) {
    const ref = parseImageRef(tag);
    await tagImage(engine, previous, repositoryName(ref), ref.tag ?? 'latest');
    return { tag, restoredTo: previous };
  }
  return { tag };
}

/** Whether the lock's tag now names an image its run made (minify.source.id is the lock's source) in place of the previous one. */
async function deadRunMovedTag(engine: Engine, labels: Readonly<Record<string, string>>): Promise<boolean> {
  const tag = labels[LOCK_TAG];
  if (!tag) return false;
  const current = await inspectImage(engine, tag).catch(() => undefined);
  if (!current || current.id === (labels[LOCK_PREVIOUS] || undefined)) return false;
  return current.config.Labels?.[SOURCE_ID_LABEL] === labels[LOCK_SOURCE];
}

/** One line for the start of a run, or undefined when dead runs left nothing. */
export function describeSweep(swept: DeadRunLeftovers): string | undefined {
  const parts = [
    swept.containers.length > 0 ? plural(swept.containers.length, 'container') : '',
    swept.tempDirs.length > 0 ? plural(swept.tempDirs.length, 'temp dir') : '',
    swept.tags.length > 0 ? `${plural(swept.tags.length, 'tag')} given back` : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  return `removed what ${plural(swept.runs.length, 'dead run')} left on this host: ${parts.join(', ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
