// capturePlanInput as a layer streams by in small chunks: ELF loader data, planner text files, and
// nothing kept for other files (whose streams must still be drained).
import { readFileSync, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { capturePlanInput, splitCaptured } from '../../src/pipeline/plan-inputs.js';
import type { LayerEntry } from '../../src/types.js';

function entry(path: string, size: number): LayerEntry {
  return { path, type: 'file', mode: 0o755, uid: 0, gid: 0, size, mtime: 0 };
}

/** The bytes as a stream of `size`-byte chunks, recording how much was read. */
function chunked(bytes: Buffer, size: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  let read = 0;
  const stream = Readable.from((function* () {
    for (const chunk of chunks) {
      read += chunk.length;
      yield chunk;
    }
  })());
  return { stream, read: () => read };
}

describe('capturePlanInput', () => {
  it('reads the loader and needed libraries of a binary delivered in 1 KiB chunks', async () => {
    const ls = readFileSync(realpathSync('/bin/ls'));
    const source = chunked(ls, 1024);
    const captured = await capturePlanInput(entry('/usr/bin/ls', ls.length), source.stream);
    if (captured?.kind !== 'elf') throw new Error(`expected elf, got ${captured?.kind}`);
    expect(captured.info.needed).toContain('libc.so.6');
    expect(captured.info.interpreter).toMatch(/ld-linux/);
    expect(source.read()).toBe(ls.length);
  });

  it('keeps the text of /etc/passwd and nothing of a file that is not ELF, draining both', async () => {
    const passwd = Buffer.from('root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n');
    expect(await capturePlanInput(entry('/etc/passwd', passwd.length), chunked(passwd, 7).stream)).toEqual({ kind: 'text', text: passwd.toString() });
    const blob = Buffer.alloc(300_000, 0x41);
    const source = chunked(blob, 3);
    expect(await capturePlanInput(entry('/app/data.bin', blob.length), source.stream)).toBeUndefined();
    expect(source.read()).toBe(blob.length);
  });
});

describe('capturePlanInput for the ecosystem readers', () => {
  it('keeps the text of the files the readers ask for (package.json, dpkg lists) besides the planner\'s', async () => {
    const pkg = Buffer.from('{"name":"express","version":"4.18.2","dependencies":{"qs":"6"}}');
    expect(await capturePlanInput(entry('/app/node_modules/express/package.json', pkg.length), chunked(pkg, 5).stream)).toEqual({ kind: 'text', text: pkg.toString() });
    const list = Buffer.from('/.\n/usr\n/usr/bin/redis-server\n');
    expect(await capturePlanInput(entry('/var/lib/dpkg/info/redis-server.list', list.length), chunked(list, 4).stream)).toEqual({ kind: 'text', text: list.toString() });
    const notes = Buffer.alloc(200, 0x41);
    expect(await capturePlanInput(entry('/app/node_modules/express/History.md', notes.length), chunked(notes, 4).stream)).toBeUndefined();
  });
});

describe('capturePlanInput for the package DB', () => {
  it('keeps the exact bytes of /var/lib/dpkg/status, even where they are not UTF-8', async () => {
    const status = Buffer.concat([Buffer.from('Package: a\nStatus: install ok installed\nDescription: caf'), Buffer.from([0xe9, 0x0a])]);
    const captured = await capturePlanInput(entry('/var/lib/dpkg/status', status.length), chunked(status, 5).stream);
    if (captured?.kind !== 'bytes') throw new Error(`expected bytes, got ${captured?.kind}`);
    expect(captured.bytes.equals(status)).toBe(true);
    const { rawFiles, textFiles } = splitCaptured(new Map([['/var/lib/dpkg/status', captured]]));
    expect(rawFiles.get('/var/lib/dpkg/status')?.equals(status)).toBe(true);
    expect(textFiles.get('/var/lib/dpkg/status')).toMatch(/^Package: a\n/);
  });
});
