// The kept files' bytes from the tar the sensor's `tar` mode writes in request order, whichever
// container runs it: what it skipped (a mount over it, gone) or wrote with another size comes from
// `fallback`, and a sensor that failed ends the copy-out before the paths it never reached.
import type { Readable } from 'node:stream';
import type { StreamedExec } from '../engine/exec-stream.js';
import { ExitCode, MinifyError } from '../errors.js';
import type { Content, ContentRequest } from '../image/content-source.js';
import { displayPath, normalizeTarPath } from '../image/paths.js';
import { latin1TarEntries } from '../image/tar-latin1.js';

/** A running `minify-sensor tar`: its stdout, then (once that has ended) how it exited. */
export interface SensorTar {
  readonly stdout: Readable;
  /** Who runs it, for the message when it fails ("the copy container"). */
  readonly what: string;
  exit(): Promise<StreamedExec>;
}

export interface TarContentsOptions {
  readonly fallback: (request: ContentRequest) => Promise<Content>;
  readonly signal?: AbortSignal;
}

/** Yields each request's bytes in request order; the consumer reads a stream to its end before the next. */
export async function* tarContents(source: SensorTar, requests: readonly ContentRequest[], options: TarContentsOptions): AsyncGenerator<Content> {
  const { fallback, signal } = options;
  const tar = latin1TarEntries(source.stdout);
  // Iterated by hand: leaving a for-await early would wait for tar-stream to drain the entry.
  const entries = tar[Symbol.asyncIterator]();
  let next = 0;
  try {
    for (let item = await entries.next(); !item.done; item = await entries.next()) {
      const stream = item.value;
      if (signal?.aborted) throw signal.reason;
      const name = normalizeTarPath(stream.header.name);
      // Paths the sensor skipped come before the one it wrote.
      while (next < requests.length && requests[next]!.finalPath !== name) yield await fallback(requests[next++]!);
      const request = requests[next++];
      if (!request) throw new Error(`${source.what} wrote ${displayPath(name)}, which was not asked for`);
      if ((stream.header.size ?? -1) === request.entry.size) yield { request, stream };
      else {
        stream.resume();
        yield await fallback(request);
      }
      stream.resume();
    }
  } finally {
    // Also when the consumer stops early: nothing may keep reading the output stream.
    tar.destroy();
    source.stdout.destroy();
  }
  const { exitCode, stderr } = await source.exit();
  if (exitCode !== 0) {
    throw new MinifyError(`${source.what} exited with ${exitCode}: ${stderr.trim().split('\n').slice(-3).join('; ')}`, {
      code: ExitCode.sensorFailed, hint: 'use --read-image save to read the kept files from `docker save`',
    });
  }
  while (next < requests.length) yield await fallback(requests[next++]!);
}
