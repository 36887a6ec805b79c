// parseElf on this machine's real binaries and on truncated or garbage input.
import { readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../src/plan/elf.js';

function parseGrowing(file: string) {
  const buf = readFileSync(realpathSync(file));
  let n = 4096;
  for (;;) {
    const r = parseElf(buf.subarray(0, Math.min(n, buf.length)));
    if (r.kind !== 'need-more') return r;
    expect(r.bytes).toBeGreaterThan(n);
    expect(r.bytes).toBeLessThanOrEqual(buf.length);
    n = r.bytes;
  }
}

describe('parseElf', () => {
  it('reads interpreter and DT_NEEDED of /bin/ls', () => {
    const r = parseGrowing('/bin/ls');
    if (r.kind !== 'elf') throw new Error(`expected elf, got ${r.kind}`);
    expect(r.info.interpreter).toMatch(/^\/lib.*\/ld-linux.*\.so\.\d$/);
    expect(r.info.needed).toContain('libc.so.6');
    expect(r.info.class).toBe(64);
  });

  it('reads the SONAME of libc and of the node binary needs', () => {
    const node = parseGrowing(process.execPath);
    if (node.kind !== 'elf') throw new Error('node is not elf');
    expect(node.info.needed.length).toBeGreaterThan(0);
    const ls = parseGrowing('/bin/ls');
    if (ls.kind !== 'elf' || !ls.info.interpreter) throw new Error('no interp');
    const ld = parseGrowing(ls.info.interpreter);
    if (ld.kind !== 'elf') throw new Error('ld not elf');
    expect(ld.info.soname).toMatch(/^ld-linux/);
    expect(ld.info.interpreter).toBeUndefined();
  });

  it('asks for more bytes when given only the ELF header', () => {
    const buf = readFileSync(realpathSync('/bin/ls'));
    const r = parseElf(buf.subarray(0, 64));
    expect(r.kind).toBe('need-more');
  });

  it('never throws on garbage', () => {
    expect(parseElf(Buffer.from('#!/bin/sh\necho hi\n')).kind).toBe('not-elf');
    expect(parseElf(Buffer.alloc(0)).kind).toBe('not-elf');
    const bad = Buffer.alloc(200, 0xff);
    bad.write('\x7fELF', 0, 'latin1');
    bad[4] = 2;
    bad[5] = 1;
    const r = parseElf(bad);
    expect(['not-elf', 'need-more']).toContain(r.kind);
    for (let i = 0; i < 200; i++) {
      const rnd = Buffer.from(Array.from({ length: 256 }, (_, j) => (j * 31 + i * 17) & 0xff));
      rnd.write('\x7fELF', 0, 'latin1');
      rnd[4] = 1 + (i % 2);
      rnd[5] = 1 + ((i >> 1) % 2);
      expect(() => parseElf(rnd)).not.toThrow();
    }
  });

  it('parses a big-endian 32-bit header', () => {
    const b = Buffer.alloc(52 + 32 + 16);
    b.write('\x7fELF', 0, 'latin1');
    b[4] = 1; b[5] = 2; b[6] = 1;
    b.writeUInt16BE(2, 16); b.writeUInt16BE(8, 18); // MIPS
    b.writeUInt32BE(52, 28); b.writeUInt16BE(32, 42); b.writeUInt16BE(1, 44);
    b.writeUInt32BE(3, 52); b.writeUInt32BE(84, 56); b.writeUInt32BE(16, 68);
    b.write('/lib/ld.so.1\0', 84, 'latin1');
    const r = parseElf(b);
    if (r.kind !== 'elf') throw new Error(r.kind);
    expect(r.info).toMatchObject({ class: 32, machine: 8, interpreter: '/lib/ld.so.1', needed: [] });
  });
});
