// A container's output as it runs: stdout as a stream that keeps backpressure (a slow reader holds
// the container back instead of filling memory), stderr kept as text for the error message.
import { Readable } from 'node:stream';
import type { Engine } from './connect.js';

export interface AttachedOutput {
  readonly stdout: Readable;
  /** What the container wrote to stderr so far (the first `maxStderr` bytes). */
  stderr(): string;
}

/** Attaches to stdout and stderr of a created container; call before starting it so nothing is lost. */
export async function attachOutput(engine: Engine, id: string, maxStderr = 64 * 1024): Promise<AttachedOutput> {
  const raw = (await engine.docker.getContainer(id).attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
  const errors: Buffer[] = [];
  let errorBytes = 0;
  const onStderr = (chunk: Buffer): void => {
    if (errorBytes >= maxStderr) return;
    errors.push(chunk.subarray(0, maxStderr - errorBytes));
    errorBytes += Math.min(chunk.length, maxStderr - errorBytes);
  };
  const stdout = Readable.from(demux(raw, onStderr), { objectMode: false });
  stdout.on('close', () => raw.destroy());
  return { stdout, stderr: () => Buffer.concat(errors).toString('utf8') };
}

/** Docker's multiplexed framing (8-byte header: stream kind, 3 zero bytes, big-endian length), streamed. */
export async function* demux(raw: AsyncIterable<Buffer>, onStderr: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  let header = Buffer.alloc(0);
  let kind = 0;
  let left = 0;
  for await (const data of raw) {
    let chunk = data;
    while (chunk.length > 0) {
      if (left === 0) {
        const need = 8 - header.length;
        header = Buffer.concat([header, chunk.subarray(0, need)]);
        chunk = chunk.subarray(need);
        if (header.length < 8) break;
        kind = header[0] ?? 0;
        left = header.readUInt32BE(4);
        header = Buffer.alloc(0);
        continue;
      }
      const part = chunk.subarray(0, left);
      chunk = chunk.subarray(part.length);
      left -= part.length;
      if (kind === 1) yield part;
      else if (kind === 2) onStderr(part);
    }
  }
  if (left > 0 || header.length > 0) throw new Error('container output ended inside a frame');
}
