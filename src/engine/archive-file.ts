// Tar helpers for container archives: pack one file for putArchive, read one file's bytes from getArchive.
import { Readable } from 'node:stream';
import { pack, extract } from 'tar-stream';

/** A tar holding one regular file (parent dirs implied) with the given mode. */
export function tarOneFile(name: string, content: Buffer, mode = 0o644): Readable {
  return tarFiles([{ name, content, mode }]);
}

/** A tar holding regular files (parent dirs implied). */
export function tarFiles(files: readonly { name: string; content: Buffer; mode: number }[]): Readable {
  const p = pack();
  for (const { name, content, mode } of files) {
    // An aborted upload destroys the pack and each entry with it: the pack's error reaches the
    // caller through the request, the entry's copy would be an uncaught 'error' event.
    p.entry({ name, mode, size: content.length, type: 'file' }, content).on('error', () => {});
  }
  p.finalize();
  return p as unknown as Readable;
}

/** The bytes of the first regular file in a tar stream; throws past maxBytes; never touches disk. */
export async function readOneFile(tar: Readable, maxBytes = 64 * 1024 * 1024): Promise<Buffer | undefined> {
  const ex = extract();
  let found: Buffer | undefined;
  let failure: Error | undefined;
  ex.on('entry', (header, stream, next) => {
    if (found !== undefined || header.type !== 'file' || failure) {
      stream.resume();
      stream.on('end', next);
      return;
    }
    if ((header.size ?? 0) > maxBytes) {
      failure = new Error(`${header.name} is ${header.size} bytes, over the ${maxBytes} byte cap`);
      stream.resume();
      stream.on('end', next);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
    stream.on('end', () => {
      found = Buffer.concat(chunks);
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    tar.on('error', reject);
    tar.pipe(ex);
  });
  if (failure) throw failure;
  return found;
}
