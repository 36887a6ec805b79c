// While the image's layers stream by, captures what the planner needs from file contents:
// ELF headers (interpreter, needed libs, search paths), the planner's few text files and the ones
// the ecosystem readers ask for (package DBs, lockfiles, manifests: ecosystem wantsText).
import type { Readable } from 'node:stream';
import { wantsText } from '../ecosystem/index.js';
import { parseElf } from '../plan/elf.js';
import type { ElfInfo } from '../plan/types.js';
import type { ImagePath, LayerEntry } from '../types.js';

export type Captured = { readonly kind: 'elf'; readonly info: ElfInfo } | { readonly kind: 'text'; readonly text: string };

/** Text files the planner reads: users' homes and the dynamic loader's search paths. */
export function isPlannerTextFile(path: ImagePath): boolean {
  return (
    path === '/etc/passwd' ||
    path === '/etc/group' ||
    path === '/etc/ld.so.conf' ||
    (path.startsWith('/etc/ld.so.conf.d/') && path.endsWith('.conf'))
  );
}

const TEXT_CAP = 1 << 20;
/** Loader data usually sits near the start, but big libraries (libnode) keep .dynamic near the end. */
const ELF_CAP = 256 << 20;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The `inspect` hook for listLayer: reads the whole entry (so the tar moves on) but keeps only what it needs. */
export async function capturePlanInput(entry: LayerEntry, content: Readable): Promise<Captured | undefined> {
  if ((isPlannerTextFile(entry.path) && entry.size <= TEXT_CAP) || wantsText(entry.path, entry.size)) {
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    return { kind: 'text', text: Buffer.concat(chunks).toString('utf8') };
  }
  if (entry.size < 64) {
    content.resume();
    return undefined;
  }
  // Chunks are joined only when the parser is asked again, so a big library costs one copy.
  const chunks: Buffer[] = [];
  let buffered = 0;
  let wanted = 64 << 10;
  let result: Captured | undefined;
  let settled = false;
  let magicChecked = false;
  const parseBuffered = (): ReturnType<typeof parseElf> => {
    const head = Buffer.concat(chunks);
    chunks.length = 0;
    chunks.push(head);
    return parseElf(head);
  };
  for await (const chunk of content) {
    if (settled) continue; // keep draining: the tar stream needs the entry consumed
    chunks.push(chunk as Buffer);
    buffered += (chunk as Buffer).length;
    if (!magicChecked && buffered >= 4) {
      // Once per file: most files are not ELF and are dropped here.
      magicChecked = true;
      if (!Buffer.concat(chunks).subarray(0, 4).equals(ELF_MAGIC)) {
        settled = true;
        continue;
      }
    }
    if (buffered < Math.min(wanted, entry.size)) continue;
    const parsed = parseBuffered();
    if (parsed.kind === 'elf') result = { kind: 'elf', info: parsed.info };
    if (parsed.kind === 'need-more' && parsed.bytes <= ELF_CAP && parsed.bytes > buffered) {
      wanted = parsed.bytes;
      continue;
    }
    settled = true;
    chunks.length = 0;
  }
  if (!settled && buffered >= 4) {
    const parsed = parseBuffered();
    if (parsed.kind === 'elf') result = { kind: 'elf', info: parsed.info };
  }
  return result;
}

/** Splits captured contents into the planner's two inputs. */
export function splitCaptured(captured: ReadonlyMap<ImagePath, Captured>): {
  elf: Map<ImagePath, ElfInfo>;
  textFiles: Map<ImagePath, string>;
} {
  const elf = new Map<ImagePath, ElfInfo>();
  const textFiles = new Map<ImagePath, string>();
  for (const [path, item] of captured) {
    if (item.kind === 'elf') elf.set(path, item.info);
    else textFiles.set(path, item.text);
  }
  return { elf, textFiles };
}
