// Parses ELF headers (32/64-bit, either endianness) for the dynamic loader's inputs.
import type { ElfInfo, ElfParse } from './types.js';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;

interface Reader {
  u16(off: number): number;
  u32(off: number): number;
  word(off: number): number;
}

function reader(buf: Buffer, is64: boolean, le: boolean): Reader {
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o: number): number => Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
  return { u16, u32, word: is64 ? u64 : u32 };
}

interface Phdr { type: number; offset: number; vaddr: number; filesz: number }

function cString(buf: Buffer, start: number, end: number): string | undefined {
  const stop = buf.indexOf(0, start);
  if (stop < 0 || stop > end) return undefined;
  return buf.toString('latin1', start, stop);
}

/** Never throws: garbage yields not-elf; data beyond `head` yields need-more with the total byte count. */
export function parseElf(head: Buffer): ElfParse {
  try {
    return parseUnsafe(head);
  } catch {
    return { kind: 'not-elf' };
  }
}

function parseUnsafe(buf: Buffer): ElfParse {
  if (buf.length < 4) return buf.length > 0 && buf.subarray(0, buf.length).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]).subarray(0, buf.length)) ? { kind: 'need-more', bytes: 64 } : { kind: 'not-elf' };
  if (buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46) return { kind: 'not-elf' };
  if (buf.length < 64) return { kind: 'need-more', bytes: 64 };
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) return { kind: 'not-elf' };
  const is64 = cls === 2;
  const r = reader(buf, is64, data === 1);
  const machine = r.u16(18);
  const phoff = is64 ? r.word(32) : r.u32(28);
  const phentsize = r.u16(is64 ? 54 : 42);
  const phnum = r.u16(is64 ? 56 : 44);
  if (phnum === 0) return elf({ class: is64 ? 64 : 32, machine });
  if (phentsize < (is64 ? 56 : 32) || phnum > 4096) return { kind: 'not-elf' };
  const phEnd = phoff + phentsize * phnum;
  if (phEnd > buf.length) return { kind: 'need-more', bytes: phEnd };
  const phdrs: Phdr[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    phdrs.push(
      is64
        ? { type: r.u32(o), offset: r.word(o + 8), vaddr: r.word(o + 16), filesz: r.word(o + 32) }
        : { type: r.u32(o), offset: r.u32(o + 4), vaddr: r.u32(o + 8), filesz: r.u32(o + 16) },
    );
  }
  let need = 0;
  let interpreter: string | undefined;
  const interp = phdrs.find((p) => p.type === PT_INTERP);
  if (interp) {
    const end = interp.offset + interp.filesz;
    if (end > buf.length) need = Math.max(need, end);
    else interpreter = cString(buf, interp.offset, end) ?? buf.toString('latin1', interp.offset, end);
  }
  const dyn = phdrs.find((p) => p.type === PT_DYNAMIC);
  const base = { class: (is64 ? 64 : 32) as 32 | 64, machine, ...(interpreter !== undefined ? { interpreter } : {}) };
  if (!dyn) return need > 0 ? { kind: 'need-more', bytes: need } : elf(base);
  const dynEnd = dyn.offset + dyn.filesz;
  if (dynEnd > buf.length) return { kind: 'need-more', bytes: Math.max(need, dynEnd) };
  if (need > 0) return { kind: 'need-more', bytes: need };
  const entSize = is64 ? 16 : 8;
  const tags: { tag: number; val: number }[] = [];
  for (let o = dyn.offset; o + entSize <= dynEnd; o += entSize) {
    const tag = r.word(o);
    if (tag === DT_NULL) break;
    tags.push({ tag, val: r.word(o + entSize / 2) });
  }
  const strtabVaddr = tags.find((t) => t.tag === DT_STRTAB)?.val;
  const strsz = tags.find((t) => t.tag === DT_STRSZ)?.val ?? 0;
  if (strtabVaddr === undefined) return elf({ ...base });
  const load = phdrs.find((p) => p.type === PT_LOAD && strtabVaddr >= p.vaddr && strtabVaddr < p.vaddr + p.filesz);
  if (!load) return { kind: 'not-elf' };
  const strOff = strtabVaddr - load.vaddr + load.offset;
  const strEnd = strOff + strsz;
  if (strEnd > buf.length) return { kind: 'need-more', bytes: strEnd };
  const str = (v: number): string => cString(buf, strOff + v, strEnd) ?? '';
  const needed: string[] = [];
  const rpath: string[] = [];
  const runpath: string[] = [];
  let soname: string | undefined;
  for (const { tag, val } of tags) {
    if (tag === DT_NEEDED) needed.push(str(val));
    else if (tag === DT_RPATH) rpath.push(...str(val).split(':').filter(Boolean));
    else if (tag === DT_RUNPATH) runpath.push(...str(val).split(':').filter(Boolean));
    else if (tag === DT_SONAME) soname = str(val);
  }
  return elf({ ...base, needed, rpath, runpath, ...(soname !== undefined ? { soname } : {}) });
}

function elf(info: Partial<ElfInfo> & Pick<ElfInfo, 'class' | 'machine'>): ElfParse {
  return { kind: 'elf', info: { needed: [], rpath: [], runpath: [], ...info } };
}
