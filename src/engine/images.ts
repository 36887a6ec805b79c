// Image operations on the engine: inspect, save to a file, load from a tar, tag, remove.
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ExitCode, MinifyError } from '../errors.js';
import type { ContainerConfig } from '../types.js';
import { messageOf, statusOf, type Engine } from './connect.js';

export interface ImageInfo {
  readonly id: string;
  readonly repoTags: string[];
  readonly size: number;
  readonly config: ContainerConfig;
  /** `os/architecture` as the image declares it, e.g. `linux/amd64`. */
  readonly platform: string;
}

export async function inspectImage(engine: Engine, name: string): Promise<ImageInfo> {
  try {
    const info = await engine.docker.getImage(name).inspect();
    return {
      id: info.Id,
      repoTags: info.RepoTags ?? [],
      size: info.Size,
      config: (info.Config ?? {}) as unknown as ContainerConfig,
      platform: `${info.Os || 'linux'}/${info.Architecture || 'amd64'}`,
    };
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new MinifyError(`image ${name} not found in the engine`, {
        code: ExitCode.notFound,
        hint: `build or load it first (docker images lists what the engine has)`,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The image `name` names, or undefined when the engine has no such image (404 only): a call cut off
 * by an interrupt must not read as "no image", or a cleanup would think a tag had no previous image.
 */
export async function findImage(engine: Engine, name: string): Promise<ImageInfo | undefined> {
  try {
    return await inspectImage(engine, name);
  } catch (error) {
    if (error instanceof MinifyError && error.code === ExitCode.notFound) return undefined;
    throw error;
  }
}

/** Streams `docker save NAME` into destFile. */
export async function saveImage(engine: Engine, name: string, destFile: string, onBytes?: (total: number) => void): Promise<void> {
  const stream = await engine.docker.getImage(name).get();
  let total = 0;
  if (onBytes) stream.on('data', (chunk: Buffer) => onBytes((total += chunk.length)));
  await pipeline(stream, createWriteStream(destFile));
}

/** `docker load` of a tar file or stream, following the progress stream and surfacing its errors. */
export async function loadImage(engine: Engine, tar: string | Readable): Promise<void> {
  const response = await engine.docker.loadImage(typeof tar === 'string' ? createReadStream(tar) : tar, { quiet: true });
  const messages = await new Promise<Array<{ error?: string; errorDetail?: { message?: string } }>>((resolve, reject) => {
    engine.docker.modem.followProgress(response, (error: Error | null, output: unknown[]) =>
      error ? reject(error) : resolve(output as never),
    );
  });
  const failed = messages.find((m) => m.error ?? m.errorDetail?.message);
  if (failed) {
    throw new MinifyError(`docker load of ${typeof tar === 'string' ? tar : 'the image'} failed: ${failed.error ?? failed.errorDetail?.message}`, {
      code: ExitCode.internal,
    });
  }
}

export async function tagImage(engine: Engine, id: string, repo: string, tag: string): Promise<void> {
  await engine.docker.getImage(id).tag({ repo, tag });
}

/** Removes an image (or one of its tags); a missing image is not an error. */
export async function removeImage(engine: Engine, name: string): Promise<void> {
  try {
    await engine.docker.getImage(name).remove({ noprune: false });
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw new Error(`removing image ${name}: ${messageOf(error)}`, { cause: error });
  }
}
