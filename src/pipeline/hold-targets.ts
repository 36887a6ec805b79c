// Before a run makes anything: sweep what dead runs on this host left, lock each result tag for the
// rest of the run, and refuse targets that would move the source's tag or a tag minify did not make.
import type { Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import type { Progress } from '../progress.js';
import { describeSweep, sweepDeadRuns } from './dead-runs.js';
import { guardTargets } from './naming.js';
import { lockTag } from './tag-lock.js';

export interface TargetSettings {
  /** Move a tag that names an image minify did not make. */
  readonly force: boolean;
  /** Queue behind a run that holds a target's lock instead of failing. */
  readonly waitLock: boolean;
}

export const DEFAULT_TARGET_SETTINGS: TargetSettings = { force: false, waitLock: false };

export interface HoldTargetsOptions extends TargetSettings {
  readonly source: { readonly id: string };
  readonly targets: readonly string[];
  readonly signal: AbortSignal;
  readonly progress: Progress;
}

export async function holdTargets(engine: Engine, disposer: Disposer, options: HoldTargetsOptions): Promise<void> {
  const swept = describeSweep(await sweepDeadRuns(engine));
  if (swept) options.progress.info(swept);
  for (const tag of options.targets) {
    await lockTag(engine, disposer, { tag, sourceId: options.source.id, wait: options.waitLock, signal: options.signal });
  }
  await guardTargets(engine, options.source, options.targets, { force: options.force });
}
