// Encodes tar headers byte-exactly from FileEntries (ustar + PAX for long/non-ASCII names and xattrs).
import type { FileEntry, FileType } from '../types.js';

const TYPEFLAG: Record<FileType, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

function putStr(buf: Buffer, offset: number, len: number, value: Buffer): void {
  value.copy(buf, offset, 0, Math.min(len, value.length));
}

function putOctal(buf: Buffer, offset: number, len: number, value: number): boolean {
  const text = Math.max(0, Math.floor(value)).toString(8);
  if (text.length > len - 1) return false;
  buf.write(text.padStart(len - 1, '0'), offset, 'latin1');
  return true;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, 'latin1'), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len), 'latin1'), body]);
}

function pad(size: number): number {
  return (512 - (size % 512)) % 512;
}

function rawHeader(fields: { name: Buffer; type: string; mode: number; uid: number; gid: number; size: number; mtime: number; link: Buffer; devMajor: number; devMinor: number }): { block: Buffer; overflow: boolean } {
  const h = Buffer.alloc(512);
  putStr(h, 0, 100, fields.name);
  let ok = putOctal(h, 100, 8, fields.mode);
  ok = putOctal(h, 108, 8, fields.uid) && ok;
  ok = putOctal(h, 116, 8, fields.gid) && ok;
  ok = putOctal(h, 124, 12, fields.size) && ok;
  ok = putOctal(h, 136, 12, fields.mtime) && ok;
  h.write(fields.type, 156, 'latin1');
  putStr(h, 157, 100, fields.link);
  h.write('ustar\u000000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  putOctal(h, 329, 8, fields.devMajor);
  putOctal(h, 337, 8, fields.devMinor);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return { block: h, overflow: !ok };
}

/**
 * Header block(s) for `entry` written under its own path (tar names are relative: `usr/bin/x`).
 * `asType`/`link` override the entry (a hardlink written as a file, or linked to another path).
 */
export function encodeHeader(entry: FileEntry, opts: { type?: FileType; link?: string; size?: number } = {}): Buffer {
  const type = opts.type ?? entry.type;
  const isDir = type === 'dir';
  const name = Buffer.from(entry.path.slice(1) + (isDir ? '/' : ''), 'latin1');
  const linkText = opts.link ?? (type === 'symlink' ? entry.linkTarget : type === 'hardlink' ? entry.linkTarget?.slice(1) : undefined) ?? '';
  const link = Buffer.from(linkText, 'latin1');
  const size = type === 'file' ? (opts.size ?? entry.size) : 0;
  const records: Buffer[] = [];
  const nonAscii = (b: Buffer): boolean => b.some((c) => c > 0x7e);
  if (name.length > 100 || nonAscii(name)) records.push(paxRecord('path', name));
  if (link.length > 100 || nonAscii(link)) records.push(paxRecord('linkpath', link));
  for (const [key, value] of Object.entries(entry.xattrs ?? {})) records.push(paxRecord(`SCHILY.xattr.${key}`, value));
  const fields = { name, type: TYPEFLAG[type], mode: entry.mode & 0o7777, uid: entry.uid, gid: entry.gid, size, mtime: entry.mtime, link, devMajor: entry.devMajor ?? 0, devMinor: entry.devMinor ?? 0 };
  const main = rawHeader(fields);
  if (main.overflow) {
    records.push(paxRecord('uid', Buffer.from(String(entry.uid))), paxRecord('gid', Buffer.from(String(entry.gid))));
    records.push(paxRecord('size', Buffer.from(String(size))), paxRecord('mtime', Buffer.from(String(entry.mtime))));
    const clamp = (v: number, max: number): number => Math.min(v, max);
    main.block = rawHeader({ ...fields, uid: clamp(fields.uid, 0o7777777), gid: clamp(fields.gid, 0o7777777), size: clamp(size, 0o77777777777), mtime: clamp(fields.mtime, 0o77777777777) }).block;
  }
  if (records.some((r) => !isUtf8(r))) records.unshift(paxRecord('hdrcharset', Buffer.from('BINARY')));
  if (records.length === 0) return main.block;
  const body = Buffer.concat(records);
  const paxName = Buffer.from(`PaxHeaders/${entry.path.slice(1)}`.slice(0, 99), 'latin1');
  const pax = rawHeader({ ...fields, name: paxName, type: 'x', size: body.length, link: Buffer.alloc(0), uid: 0, gid: 0, mtime: 0, mode: 0o644 }).block;
  return Buffer.concat([pax, body, Buffer.alloc(pad(body.length)), main.block]);
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

export const padding = pad;
