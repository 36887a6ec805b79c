// What a run calls its source and its results: a name for an image given by id, and a guard so that
// no result tag ever lands on the source image.
import { SOURCE_ID_LABEL } from '../assemble/slim-config.js';
import type { DisposeHandle, Disposer } from '../cleanup.js';
import type { Engine } from '../engine/connect.js';
import { findImage, inspectImage, removeImage, tagImage } from '../engine/images.js';
import { UsageError } from '../errors.js';
import { formatImageRef, parseImageRef, repositoryName } from '../image/ref.js';
import type { ImageRef } from '../types.js';

/**
 * How the run names the source: as typed, or, when the user typed an image id, by the image's first
 * tag. `ref` is undefined for an untagged id: no slim tag can be derived from it.
 */
export function nameSource(typed: string, source: { readonly id: string; readonly repoTags: readonly string[] }): { name: string; ref?: ImageRef } {
  const isId = /^(?:sha256:)?[0-9a-f]{1,64}$/.test(typed) && source.id.startsWith(typed.startsWith('sha256:') ? typed : `sha256:${typed}`);
  if (!isId) {
    const ref = parseImageRef(typed);
    return { name: formatImageRef(ref), ref };
  }
  const tag = source.repoTags[0];
  return tag ? { name: tag, ref: parseImageRef(tag) } : { name: typed };
}

/**
 * The source's tags must never move, and a tag on an image minify did not make (no minify.source.*
 * labels) moves only with --force. The engine decides what a name means (`app:1`, `library/app:1`
 * and `docker.io/library/app:1` are one tag), so ask it what each target names now.
 */
export async function guardTargets(engine: Engine, source: { readonly id: string }, targets: readonly string[], options: { force?: boolean } = {}): Promise<void> {
  for (const target of targets) {
    const current = await findImage(engine, target);
    if (current?.id === source.id) {
      throw new UsageError(`target tag ${target} names the source image itself; minify never retags the source`, 'choose another name with --tag');
    }
    if (current && !madeByMinify(current) && !options.force) {
      throw new UsageError(`tag ${target} names ${current.id.slice(7, 19)}, an image minify did not make`, 'choose another --tag, or pass --force to move the tag');
    }
  }
}

function madeByMinify(image: { readonly config: { readonly Labels?: Readonly<Record<string, string>> | null } }): boolean {
  return Object.keys(image.config.Labels ?? {}).some((label) => label.startsWith('minify.source.'));
}

/**
 * Notes what `tag` names now and registers restoreTag for it: until the run keeps its result
 * (`release.forget()`), any exit gives the tag back.
 */
export async function claimTag(engine: Engine, disposer: Disposer, tag: string, sourceId?: string): Promise<{ release: DisposeHandle; previousId?: string }> {
  const previousId = (await findImage(engine, tag))?.id;
  const release = disposer.add(`image tag ${tag}`, () => restoreTag(engine, tag, previousId, sourceId));
  return previousId ? { release, previousId } : { release };
}

/**
 * Undoes what a run did to `tag`: removes the image it put there and gives the tag back to the image
 * it named before (a previous good slim image), so a failed or interrupted re-run loses nothing. An
 * image this run did not make (not from `sourceId`) is left alone.
 */
async function restoreTag(engine: Engine, tag: string, previousId: string | undefined, sourceId: string | undefined): Promise<void> {
  const current = await inspectImage(engine, tag).catch(() => undefined);
  if (!current || current.id === previousId) return;
  if (sourceId && current.config.Labels?.[SOURCE_ID_LABEL] !== sourceId) return;
  await removeImage(engine, tag);
  if (previousId) {
    const ref = parseImageRef(tag);
    await tagImage(engine, previousId, repositoryName(ref), ref.tag ?? 'latest');
  }
}
