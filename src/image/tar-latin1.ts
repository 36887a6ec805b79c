// Makes tar-stream's PAX decoding byte-exact (latin1) so binary xattrs and non-UTF-8 PAX paths survive,
// and opens a tar stream that way: the one extract set-up of every tar reader.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';

/** The tar-stream 3 header fields we read (its bundled types describe an older version). */
export interface TarHeader {
  name: string; type?: string | null; mode?: number | null; uid?: number | null; gid?: number | null;
  size?: number | null; mtime?: Date | null; linkname?: string | null; devmajor?: number | null;
  devminor?: number | null; pax?: Record<string, string> | null;
}

/** The entries of a tar; each entry's content must be drained before the next one comes. */
export type TarEntries = AsyncIterable<Readable & { header: TarHeader }> & NodeJS.WritableStream & { destroy(e?: Error): void };

/** Entries of the tar `source` streams, names and PAX records decoded as latin1 (ImagePath strings). */
export function latin1TarEntries(source: Readable): TarEntries {
  useLatin1Pax();
  const ex = (extract as unknown as (o: object) => TarEntries)({ filenameEncoding: 'latin1' });
  source.on('error', (e) => ex.destroy(e));
  source.pipe(ex);
  return ex;
}

const require = createRequire(import.meta.url);
let patched = false;

/**
 * tar-stream 3 decodes PAX records as UTF-8, which mangles `SCHILY.xattr.security.capability`
 * (binary) and non-UTF-8 paths. Records decoded as latin1 are exactly our ImagePath convention.
 */
export function useLatin1Pax(): void {
  if (patched) return;
  patched = true;
  const headers = require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as {
    decodePax: (buf: Buffer) => Record<string, string>;
  };
  headers.decodePax = (input: Buffer): Record<string, string> => {
    const result: Record<string, string> = {};
    let buf = input;
    while (buf.length) {
      let i = 0;
      while (i < buf.length && buf[i] !== 32) i++;
      const len = parseInt(buf.subarray(0, i).toString('latin1'), 10);
      if (!len) return result;
      const b = buf.subarray(i + 1, len - 1).toString('latin1');
      const keyIndex = b.indexOf('=');
      if (keyIndex === -1) return result;
      result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1);
      buf = buf.subarray(len);
    }
    return result;
  };
}
