// The ContentSource of a container of the source image: the static sensor's `tar` mode streams the
// kept files (one container start, one sequential read of the kept bytes). What a mount hides in the
// running container (Docker's /etc/hosts, a volume) comes from a never-started container instead.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Disposer } from '../cleanup.js';
import { tarFiles } from '../engine/archive-file.js';
import { attachOutput } from '../engine/attach.js';
import type { Engine } from '../engine/connect.js';
import { createContainer, getArchive, putArchive, removeContainer, startContainer, waitContainer } from '../engine/containers.js';
import { ExitCode, MinifyError, UnsafeImageError } from '../errors.js';
import type { Content, ContentRequest, ContentSource } from '../image/content-source.js';
import { displayPath, normalizeTarPath } from '../image/paths.js';
import { latin1TarEntries } from '../image/tar-latin1.js';

export interface ContainerContentOptions {
  readonly disposer: Disposer;
  readonly signal?: AbortSignal;
  /** The static sensor binary (build/minify-sensor). */
  readonly sensorPath: string;
}

/** Reads kept files from containers of `imageId`; each `contents()` call runs (and removes) its own. */
export function containerContent(engine: Engine, imageId: string, options: ContainerContentOptions): ContentSource {
  const make = async (entrypoint?: string[]): Promise<{ id: string; remove: () => Promise<void> }> => {
    const id = await createContainer(engine, {
      image: imageId, runId: options.disposer.runId, role: 'copy', user: '0', network: 'none', logDriver: 'none',
      ...(entrypoint ? { entrypoint, cmd: [] } : { entrypoint: ['/.minify/never-started'], cmd: [] }),
    });
    return { id, remove: options.disposer.add(`container ${id.slice(0, 12)}`, () => removeContainer(engine, id)) };
  };
  return {
    async *contents(requests: readonly ContentRequest[]): AsyncIterable<Content> {
      if (requests.length === 0) return;
      const sensor = await readFile(options.sensorPath);
      const list = Buffer.from(requests.map((r) => `${r.finalPath}\0`).join(''), 'latin1');
      const copier = await make(['/.minify/minify-sensor', 'tar', '--from', '/.minify/paths']);
      let fallback: Promise<{ id: string; remove: () => Promise<void> }> | undefined;
      const fromFallback = async (request: ContentRequest): Promise<Content> => {
        const { id } = await (fallback ??= make());
        return { request, stream: await exactFile(await getArchive(engine, id, request.finalPath), request) };
      };
      try {
        await putArchive(engine, copier.id, tarFiles([
          { name: '.minify/minify-sensor', content: sensor, mode: 0o755 },
          { name: '.minify/paths', content: list, mode: 0o644 },
        ]));
        const output = await attachOutput(engine, copier.id);
        await startContainer(engine, copier.id);
        const tar = latin1TarEntries(output.stdout);
        // Iterated by hand: leaving a for-await early would wait for tar-stream to drain the entry.
        const entries = tar[Symbol.asyncIterator]();
        let next = 0;
        try {
          for (let item = await entries.next(); !item.done; item = await entries.next()) {
            const stream = item.value;
            if (options.signal?.aborted) throw options.signal.reason;
            const name = normalizeTarPath(stream.header.name);
            // Paths the sensor skipped (a mount over them, gone) come before the one it wrote.
            while (next < requests.length && requests[next]!.finalPath !== name) yield await fromFallback(requests[next++]!);
            const request = requests[next++];
            if (!request) throw new Error(`the copy container wrote ${displayPath(name)}, which was not asked for`);
            if ((stream.header.size ?? -1) === request.entry.size) yield { request, stream };
            else {
              stream.resume();
              yield await fromFallback(request);
            }
            stream.resume();
          }
        } finally {
          // Also when the consumer stops early: nothing may keep reading the attach stream.
          tar.destroy();
          output.stdout.destroy();
        }
        const code = await waitContainer(engine, copier.id);
        if (code !== 0) {
          throw new MinifyError(`the copy container exited with ${code}: ${output.stderr().trim().split('\n').slice(-3).join('; ')}`, {
            code: ExitCode.sensorFailed, hint: 'use --read-image save to read the kept files from `docker save`',
          });
        }
        while (next < requests.length) yield await fromFallback(requests[next++]!);
      } finally {
        await copier.remove();
        if (fallback) await (await fallback).remove();
      }
    },
  };
}

/** The one regular file of a getArchive tar, when it is the file the image has (same size). */
async function exactFile(tar: Readable | undefined, request: ContentRequest): Promise<Readable> {
  // Docker's init layer puts empty /etc/hosts, hostname, resolv.conf, /.dockerenv even in a container never started.
  const refuse = () => new UnsafeImageError(`a container of the source image does not hold ${displayPath(request.finalPath)} as the image has it`, 'use --read-image save, which reads it from `docker save`');
  if (!tar) throw refuse();
  const entries = latin1TarEntries(tar)[Symbol.asyncIterator]();
  const first = await entries.next();
  const stream = first.done ? undefined : first.value;
  if (!stream || stream.header.type !== 'file' || stream.header.size !== request.entry.size) {
    tar.destroy();
    throw refuse();
  }
  // The rest of the archive (nothing, for a file) drains after the consumer has read the stream.
  stream.on('end', () => void entries.next().catch(() => {}));
  return stream;
}
