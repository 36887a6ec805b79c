// Makes tar-stream's PAX decoding byte-exact (latin1) so binary xattrs and non-UTF-8 PAX paths survive.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
