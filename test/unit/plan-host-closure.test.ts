// planSlim's ELF closure of this machine's node binary, with a manifest built from the host's files.
import { execFileSync } from 'node:child_process';
import { lstatSync, openSync, readSync, closeSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../src/plan/elf.js';
import { planSlim } from '../../src/plan/plan.js';
import type { ElfInfo } from '../../src/plan/types.js';
import type { FileEntry } from '../../src/types.js';

function readHead(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function elfOf(file: string): ElfInfo | undefined {
  let n = 64 << 10;
  for (let i = 0; i < 5; i++) {
    const r = parseElf(readHead(file, n));
    if (r.kind === 'elf') return r.info;
    if (r.kind === 'not-elf' || r.bytes <= n) return undefined;
    n = r.bytes;
  }
  return undefined;
}

describe('ELF closure on host files', () => {
  it('keeps every library ldd lists for node', () => {
    const entries = new Map<string, FileEntry>();
    const elf = new Map<string, ElfInfo>();
    const addPath = (p: string): void => {
      if (entries.has(p) || p === '/') return;
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st) return;
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file';
      entries.set(p, { path: p, type, mode: st.mode & 0o7777, uid: 0, gid: 0, size: st.size, mtime: 0, layerIndex: 0, ...(type === 'symlink' ? { linkTarget: readlinkSync(p) } : {}) });
      if (type === 'file' && st.size > 64) {
        const info = elfOf(p);
        if (info) elf.set(p, info);
      }
    };
    const node = realpathSync(process.execPath);
    const dirs = ['/lib', '/lib64', '/usr/lib64', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu'];
    for (const d of dirs) {
      addPath(d);
      if (lstatSync(d, { throwIfNoEntry: false })?.isDirectory()) for (const f of readdirSync(d)) if (/\.so/.test(f)) addPath(`${d}/${f}`);
    }
    for (let p = node; p !== '/'; p = p.slice(0, p.lastIndexOf('/')) || '/') addPath(p);
    const plan = planSlim({
      manifest: { entries },
      trace: { schemaVersion: 1, mode: 'both', events: [{ path: node, op: 'exec', result: 0, pid: 1, source: 'ptrace' }], execs: [], warnings: [] },
      rules: { include: [], includeBin: [], includeShell: false, exclude: [], closure: 'traced' },
      config: {},
      elf,
      textFiles: new Map(),
    });
    const ldd = execFileSync('ldd', [node], { encoding: 'utf8' });
    const libs = [...ldd.matchAll(/(\/\S+) \(0x/g)].map((m) => realpathSync(m[1] as string));
    expect(libs.length).toBeGreaterThan(2);
    for (const lib of libs) expect(plan.keep.has(lib), `${lib} kept`).toBe(true);
    expect(plan.warnings).toEqual([]);
  });
});
