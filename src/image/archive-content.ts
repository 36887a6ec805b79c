// The ContentSource of a `docker save` archive: kept files are read by offset from their layer tar
// (only its headers are walked); a gzipped layer is streamed once and its wanted files spooled to disk.
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { UnsafeImageError } from '../errors.js';
import type { ImageArchive, ImagePath, Layer } from '../types.js';
import type { Content, ContentRequest, ContentSource } from './content-source.js';
import { OutputSink } from './output-sink.js';
import { displayPath, normalizeTarPath } from './paths.js';
import { latin1TarEntries } from './tar-latin1.js';
import { walkTar } from './tar-walk.js';

interface Located {
  readonly file: string;
  readonly offset: number;
  readonly size: number;
}

/** Reads from `archive`; `spoolDir` (owned by the caller) takes the wanted files of gzipped layers. */
export function archiveContent(archive: ImageArchive, spoolDir: string): ContentSource {
  return {
    async *contents(requests: readonly ContentRequest[]): AsyncIterable<Content> {
      const wanted = new Map<number, Set<ImagePath>>();
      for (const { entry } of requests) {
        let paths = wanted.get(entry.layerIndex);
        if (!paths) wanted.set(entry.layerIndex, (paths = new Set()));
        paths.add(entry.path);
      }
      const located = new Map<string, Located>();
      const spools: string[] = [];
      try {
        for (const layer of archive.layers) {
          const paths = wanted.get(layer.index);
          if (!paths) continue;
          if (layer.file) await locateInFile(layer, layer.file, paths, located);
          else spools.push(await spoolLayer(layer, paths, join(spoolDir, `layer-${layer.index}.spool`), located));
        }
        for (const request of requests) {
          const { entry } = request;
          const at = located.get(key(entry.layerIndex, entry.path));
          if (!at || at.size !== entry.size) throw new UnsafeImageError(`layer ${entry.layerIndex} lacks ${displayPath(entry.path)} that its listing had`);
          yield { request, stream: readRange(at) };
        }
      } finally {
        await Promise.all(spools.map((file) => rm(file, { force: true })));
      }
    },
  };
}

const key = (layerIndex: number, path: ImagePath): string => `${layerIndex}\0${path}`;

const isFile = (type: string): boolean => type === '0' || type === '7';

async function locateInFile(layer: Layer, file: NonNullable<Layer['file']>, paths: ReadonlySet<ImagePath>, located: Map<string, Located>): Promise<void> {
  const fh = await open(file.path, 'r');
  try {
    for await (const m of walkTar(fh, file.offset, file.offset + file.size)) {
      if (!isFile(m.type)) continue;
      const path = normalizeTarPath(m.name);
      if (paths.has(path)) located.set(key(layer.index, path), { file: file.path, offset: m.offset, size: m.size });
    }
  } finally {
    await fh.close();
  }
}

async function spoolLayer(layer: Layer, paths: ReadonlySet<ImagePath>, spool: string, located: Map<string, Located>): Promise<string> {
  const sink = new OutputSink(createWriteStream(spool));
  const source = await layer.open();
  const ex = latin1TarEntries(source);
  let offset = 0;
  for await (const stream of ex) {
    const h = stream.header;
    const path = h.type === 'file' || h.type === 'contiguous-file' ? normalizeTarPath(h.name) : undefined;
    if (path === undefined || !paths.has(path)) {
      stream.resume();
      continue;
    }
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      await sink.write(chunk as Buffer);
    }
    located.set(key(layer.index, path), { file: spool, offset, size });
    offset += size;
  }
  await sink.end();
  return spool;
}

function readRange(at: Located): Readable {
  if (at.size === 0) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  return createReadStream(at.file, { start: at.offset, end: at.offset + at.size - 1, highWaterMark: 1 << 20 });
}
