// Walks the member headers of an uncompressed tar lying at a range of a file, without reading the
// members' data: read in large windows, so small members cost no extra reads and big ones are skipped.
import type { FileHandle } from 'node:fs/promises';
import { UnsafeImageError } from '../errors.js';

/** One member: its raw name (latin1, as stored), typeflag, and where its data lies in the file. */
export interface TarMember {
  readonly name: string;
  readonly type: string;
  readonly linkTarget: string;
  readonly offset: number;
  readonly size: number;
}

const WINDOW = 1 << 20;

function octal(buf: Buffer, start: number, len: number): number {
  const field = buf.subarray(start, start + len);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // base-256 (GNU) for sizes over 8 GiB
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + (field[i] ?? 0);
    return n;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cstr(buf: Buffer, start: number, len: number): string {
  const field = buf.subarray(start, start + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString('latin1');
}

/** PAX records as latin1 strings (byte-exact, like our ImagePaths). */
function paxRecords(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(body.subarray(pos, space).toString('latin1'), 10);
    if (!len) break;
    const record = body.subarray(space + 1, pos + len - 1).toString('latin1');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** Reads bytes [position, position+length) through a window cache. */
class WindowReader {
  private buf = Buffer.alloc(0);
  private start = 0;

  constructor(private readonly fh: FileHandle, private readonly end: number) {}

  async read(position: number, length: number): Promise<Buffer> {
    if (position < this.start || position + length > this.start + this.buf.length) {
      const want = Math.min(Math.max(WINDOW, length), this.end - position);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.fh.read(buf, 0, want, position);
      this.buf = buf.subarray(0, bytesRead);
      this.start = position;
    }
    if (position + length > this.start + this.buf.length) throw new UnsafeImageError('image archive is truncated');
    return this.buf.subarray(position - this.start, position - this.start + length);
  }
}

/**
 * The members of the tar in [start, end) of `fh`, in order, with GNU long names and PAX path,
 * linkpath and size applied; the 'L', 'K', 'x' and 'g' pseudo-members themselves are not yielded.
 */
export async function* walkTar(fh: FileHandle, start: number, end: number): AsyncGenerator<TarMember> {
  const reader = new WindowReader(fh, end);
  let pos = start;
  let longName: string | undefined;
  let longLink: string | undefined;
  let paxSize: number | undefined;
  while (pos + 512 <= end) {
    const h = await reader.read(pos, 512);
    if (h.every((b) => b === 0)) return;
    const type = String.fromCharCode(h[156] || 48);
    const size = type === 'x' || type === 'L' || type === 'K' || paxSize === undefined ? octal(h, 124, 12) : paxSize;
    const data = pos + 512;
    pos = data + Math.ceil(size / 512) * 512;
    if (type === 'L' || type === 'K') {
      const text = (await reader.read(data, size)).toString('latin1').replace(/\0+$/, '');
      if (type === 'L') longName = text;
      else longLink = text;
      continue;
    }
    if (type === 'x') {
      const pax = paxRecords(await reader.read(data, size));
      longName = pax.get('path') ?? longName;
      longLink = pax.get('linkpath') ?? longLink;
      const paxed = pax.get('size');
      if (paxed !== undefined) paxSize = Number(paxed);
      continue;
    }
    if (type === 'g') continue;
    const prefix = cstr(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100));
    const linkTarget = longLink ?? cstr(h, 157, 100);
    longName = undefined;
    longLink = undefined;
    paxSize = undefined;
    yield { name, type, linkTarget, offset: data, size };
  }
}
