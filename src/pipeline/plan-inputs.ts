// While the image's layers stream by, captures what the planner needs from file contents:
// ELF headers (interpreter, needed libs, search paths), the planner's few text files and the ones
// the ecosystem readers ask for (package DBs, lockfiles, manifests: ecosystem wantsText).
import type { Readable } from 'node:stream';
import { DPKG_STATUS } from '../assemble/package-db.js';
import { wantsText } from '../ecosystem/index.js';
import { parseElf } from '../plan/elf.js';
import type { ElfInfo } from '../plan/types.js';
import type { ImagePath, LayerEntry } from '../types.js';

export type Captured =
  | { readonly kind: 'elf'; readonly info: ElfInfo }
  | { readonly kind: 'text'; readonly text: string }
  /** A file the slim image gets a trimmed copy of (the dpkg status): its exact bytes. */
  | { readonly kind: 'bytes'; readonly bytes: Buffer };

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
/** The dpkg status of a big image runs to tens of MB. */
const PACKAGE_DB_CAP = 64 << 20;
/** Loader data usually sits near the start, but big libraries (libnode) keep .dynamic near the end. */
export const ELF_CAP = 256 << 20;
/** Smaller files are never parsed as ELF. */
export const ELF_MIN = 64;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/**
 * Which regular files are captured whole, and as what; every other file of ELF_MIN bytes or more is
 * parsed as ELF. The one definition for both ways of reading an image (layer tars, in-container scan).
 */
export function wholeCapture(path: ImagePath, size: number): 'bytes' | 'text' | undefined {
  if (path === DPKG_STATUS && size <= PACKAGE_DB_CAP) return 'bytes';
  if ((isPlannerTextFile(path) && size <= TEXT_CAP) || wantsText(path, size)) return 'text';
  return undefined;
}

/** A whole file's bytes as wholeCapture asked for them. */
export function capturedWhole(kind: 'bytes' | 'text', bytes: Buffer): Captured {
  return kind === 'bytes' ? { kind: 'bytes', bytes } : { kind: 'text', text: bytes.toString('utf8') };
}

/** The `inspect` hook for listLayer: reads the whole entry (so the tar moves on) but keeps only what it needs. */
export async function capturePlanInput(entry: LayerEntry, content: Readable): Promise<Captured | undefined> {
  const whole = wholeCapture(entry.path, entry.size);
  if (whole) return capturedWhole(whole, await readAll(content));
  if (entry.size < ELF_MIN) {
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

/** The `inspect` hook of `minify analyze`: the same text files as for the planner's ecosystem readers, nothing else. */
export async function captureEcosystemText(entry: LayerEntry, content: Readable): Promise<string | undefined> {
  if (!wantsText(entry.path, entry.size)) {
    content.resume();
    return undefined;
  }
  return (await readAll(content)).toString('utf8');
}

async function readAll(content: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Splits captured contents into the planner's inputs; a file captured as bytes is text for the readers too. */
export function splitCaptured(captured: ReadonlyMap<ImagePath, Captured>): {
  elf: Map<ImagePath, ElfInfo>;
  textFiles: Map<ImagePath, string>;
  rawFiles: Map<ImagePath, Buffer>;
} {
  const elf = new Map<ImagePath, ElfInfo>();
  const textFiles = new Map<ImagePath, string>();
  const rawFiles = new Map<ImagePath, Buffer>();
  for (const [path, item] of captured) {
    if (item.kind === 'elf') elf.set(path, item.info);
    else if (item.kind === 'text') textFiles.set(path, item.text);
    else {
      rawFiles.set(path, item.bytes);
      textFiles.set(path, item.bytes.toString('utf8'));
    }
  }
  return { elf, textFiles, rawFiles };
}
