// The ContentSource of a container of the source image: the static sensor's `tar` mode streams the
// kept files (one sequential read of the kept bytes). The first copy-out runs it in the scan container
// (still idling, so no container start); later ones, or one that cannot use it, in a fresh container.
// Each image VOLUME gets a tmpfs in these containers instead of a volume (scan-volumes.ts), which the
// copier detaches; what a mount still hides (Docker's /etc/hosts) comes from a never-started container.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Disposer } from '../cleanup.js';
import { tarFiles, tarOneFile } from '../engine/archive-file.js';
import { attachOutput } from '../engine/attach.js';
import type { Engine } from '../engine/connect.js';
import { createContainer, getArchive, putArchive, removeContainer, startContainer, waitContainer } from '../engine/containers.js';
import { execOutput } from '../engine/exec-stream.js';
import { UnsafeImageError } from '../errors.js';
import type { Content, ContentRequest, ContentSource } from '../image/content-source.js';
import { displayPath } from '../image/paths.js';
import { latin1TarEntries } from '../image/tar-latin1.js';
import type { RunningScan } from '../scan/scan-image.js';
import { unmountArgs } from '../scan/scan-volumes.js';
import { SENSOR_PATH } from '../trace/sensor-reports.js';
import { tarContents, type SensorTar } from './tar-content.js';

export interface ContainerContentOptions {
  readonly disposer: Disposer;
  readonly signal?: AbortSignal;
  /** The static sensor binary (build/minify-sensor). */
  readonly sensorPath: string;
  /** The image's scan container, still idling: the first contents() call copies from it, then releases it. */
  readonly running?: RunningScan;
  /** The image's VOLUME paths (volumePaths of its config). */
  readonly volumes?: readonly string[];
}

const PATHS = '/.minify/paths';
const TAR_ARGV = [SENSOR_PATH, 'tar', '--from', PATHS];

/** Reads kept files from containers of `imageId`: the first `contents()` call from `running` if given, each later one from a container of its own. */
export function containerContent(engine: Engine, imageId: string, options: ContainerContentOptions): ContentSource {
  let running = options.running;
  const volumes = options.volumes ?? [];
  const copierArgv = [SENSOR_PATH, 'tar', ...unmountArgs(volumes), '--from', PATHS];
  const make = async (entrypoint?: string[]): Promise<{ id: string; remove: () => Promise<void> }> => {
    const id = await createContainer(engine, {
      image: imageId, runId: options.disposer.runId, role: 'copy', user: '0', network: 'none', logDriver: 'none',
      // The copier detaches them (SYS_ADMIN); a never-started container's archive reads beneath them.
      ...(volumes.length > 0 ? { tmpfs: volumes, ...(entrypoint ? { capAdd: ['SYS_ADMIN'] } : {}) } : {}),
      ...(entrypoint ? { entrypoint, cmd: [] } : { entrypoint: ['/.minify/never-started'], cmd: [] }),
    });
    return { id, remove: options.disposer.add(`container ${id.slice(0, 12)}`, () => removeContainer(engine, id)) };
  };
  const inCopier = async (list: Buffer): Promise<{ tar: SensorTar; remove?: () => Promise<void> }> => {
    const sensor = await readFile(options.sensorPath);
    const copier = await make(copierArgv);
    try {
      await putArchive(engine, copier.id, tarFiles([
        { name: SENSOR_PATH.slice(1), content: sensor, mode: 0o755 },
        { name: PATHS.slice(1), content: list, mode: 0o644 },
      ]));
      const output = await attachOutput(engine, copier.id);
      await startContainer(engine, copier.id);
      const exit = async () => ({ exitCode: await waitContainer(engine, copier.id), stderr: output.stderr() });
      return { tar: { stdout: output.stdout, what: 'the copy container', exit }, remove: copier.remove };
    } catch (error) {
      await copier.remove();
      throw error;
    }
  };
  const open = async (list: Buffer, requests: readonly ContentRequest[], scan?: RunningScan): Promise<{ tar: SensorTar; remove?: () => Promise<void> }> => {
    if (scan && idlesLongEnough(scan, requests)) {
      try {
        await putArchive(engine, scan.id, tarOneFile(PATHS.slice(1), list));
        const output = await execOutput(engine, scan.id, TAR_ARGV);
        return { tar: { stdout: output.stdout, what: 'the copy in the scan container', exit: () => output.finished() } };
      } catch (error) {
        // Gone or stopped (its --max-run-time idle ended): a fresh container reads the files instead.
        if (options.signal?.aborted) throw error;
      }
    }
    return inCopier(list);
  };
  return {
    async *contents(requests: readonly ContentRequest[]): AsyncIterable<Content> {
      const scan = running;
      running = undefined;
      try {
        if (requests.length === 0) return;
        const list = Buffer.from(requests.map((r) => `${r.finalPath}\0`).join(''), 'latin1');
        let fallback: Promise<{ id: string; remove: () => Promise<void> }> | undefined;
        const fromFallback = async (request: ContentRequest): Promise<Content> => {
          const { id } = await (fallback ??= make());
          return { request, stream: await exactFile(await getArchive(engine, id, request.finalPath), request) };
        };
        const opened = await open(list, requests, scan);
        try {
          yield* tarContents(opened.tar, requests, { fallback: fromFallback, ...(options.signal ? { signal: options.signal } : {}) });
        } finally {
          await opened.remove?.();
          if (fallback) await (await fallback).remove();
        }
      } finally {
        // Not needed past the first copy-out (also when it failed); removed while the layer is loaded.
        if (scan) void scan.release().catch(() => {});
      }
    },
  };
}

/** Whether the scan container's idle outlasts the copy-out, even at a slow 20 MB/s after a 10 s start. */
function idlesLongEnough(scan: RunningScan, requests: readonly ContentRequest[]): boolean {
  if (scan.stopsAt === undefined) return true;
  const bytes = requests.reduce((sum, r) => sum + r.entry.size, 0);
  return Date.now() + 10_000 + bytes / 20_000 < scan.stopsAt;
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
