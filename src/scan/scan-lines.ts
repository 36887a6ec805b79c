// Pure: parses `minify-sensor scan` JSONL (schema in src/sensor/README.md) into the image's entries
// and ELF facts, and `scan --read` JSONL into file contents. Paths are latin1 byte strings already
// (the sensor writes bytes >= 0x80 as \u00XX).
import type { ElfInfo } from '../plan/types.js';
import type { FileEntry, FileType, ImagePath } from '../types.js';
import { isDockerRuntimePath } from '../image/docker-runtime.js';

export const SCAN_SCHEMA = 1;

export interface ScanListing {
  /** In the sensor's walk order, Docker's runtime paths left out. `layerIndex` is 0: a scan has no layers. */
  readonly entries: readonly FileEntry[];
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  /** Mounts the scan did not enter that are not Docker's runtime ones (an image VOLUME): their image content is hidden. */
  readonly hidden: readonly ImagePath[];
}

/** The scan is not a faithful listing (sensor errors, truncated, other schema): read the image another way. */
export class ScanIncompleteError extends Error {}

interface ElfLine {
  class: 32 | 64; machine: number; needed: string[]; rpath: string[]; runpath: string[]; interp?: string; soname?: string;
}
interface EntryLine {
  type: 'entry'; path: string; kind: string; mode: number; uid: number; gid: number; size: number; mtime: number;
  link?: string; rdev?: [number, number]; xattrs?: Record<string, string>; elf?: ElfLine;
}
type Line =
  | { type: 'scan'; schema: number }
  | EntryLine
  | { type: 'mount'; path: string }
  | { type: 'error'; path: string; message: string }
  | { type: 'end'; entries?: number; files?: number }
  | { type: 'file'; path: string; data: string };

const KINDS: Record<string, FileType | undefined> = {
  file: 'file', dir: 'dir', symlink: 'symlink', hardlink: 'hardlink', char: 'char', block: 'block', fifo: 'fifo',
};

/** The same object parseElf builds, key for key. */
function elfInfo(e: ElfLine): ElfInfo {
  return {
    needed: e.needed, rpath: e.rpath, runpath: e.runpath, class: e.class, machine: e.machine,
    ...(e.interp !== undefined ? { interpreter: e.interp } : {}),
    ...(e.soname !== undefined ? { soname: e.soname } : {}),
  };
}

/** One scanned entry as the flattened tar listing has it (socket: undefined, tar writers skip them). */
export function toFileEntry(line: EntryLine): FileEntry | undefined {
  const type = KINDS[line.kind];
  if (!type) return undefined;
  let xattrs: Record<string, Buffer> | undefined;
  for (const [name, value] of Object.entries(line.xattrs ?? {})) (xattrs ??= {})[name] = Buffer.from(value, 'base64');
  return {
    path: line.path, type, mode: line.mode, uid: line.uid, gid: line.gid,
    size: type === 'file' || type === 'hardlink' ? line.size : 0, mtime: line.mtime,
    ...(line.link !== undefined ? { linkTarget: line.link } : {}),
    ...(line.rdev ? { devMajor: line.rdev[0], devMinor: line.rdev[1] } : {}),
    ...(xattrs ? { xattrs } : {}),
    layerIndex: 0,
  };
}

function parseLine(text: string, what: string): Line {
  try {
    return JSON.parse(text) as Line;
  } catch {
    throw new ScanIncompleteError(`${what}: a line is not JSON: ${text.slice(0, 80)}`);
  }
}

/** Feed lines one at a time (the scan of a big image runs to hundreds of MB). */
export class ScanParser {
  private readonly entries: FileEntry[] = [];
  private readonly elf = new Map<ImagePath, ElfInfo>();
  private readonly hidden: ImagePath[] = [];
  private readonly errors: string[] = [];
  private header = false;
  private ended = false;
  /** Bytes of the regular files listed so far (progress against the image's size). */
  listedBytes = 0;

  line(text: string): void {
    if (text === '') return;
    const line = parseLine(text, 'scan');
    if (line.type === 'scan') {
      if (line.schema !== SCAN_SCHEMA) throw new ScanIncompleteError(`scan schema ${line.schema}, expected ${SCAN_SCHEMA}`);
      this.header = true;
    } else if (line.type === 'entry') {
      if (isDockerRuntimePath(line.path)) return;
      const entry = toFileEntry(line);
      if (!entry) return;
      this.entries.push(entry);
      if (entry.type === 'file') this.listedBytes += entry.size;
      if (line.elf && entry.type === 'file') this.elf.set(entry.path, elfInfo(line.elf));
    } else if (line.type === 'mount') {
      if (!isDockerRuntimePath(line.path)) this.hidden.push(line.path);
    } else if (line.type === 'error') {
      this.errors.push(`${line.path}: ${line.message}`);
    } else if (line.type === 'end') {
      this.ended = true;
    }
  }

  finish(): ScanListing {
    if (!this.header || !this.ended) throw new ScanIncompleteError('the scan output is truncated');
    if (this.errors.length > 0) throw new ScanIncompleteError(`the scan could not read ${this.errors.length} path(s), first ${this.errors[0]}`);
    return { entries: this.entries, elf: this.elf, hidden: this.hidden };
  }
}

/** `scan --read` output, fed a line at a time (not held as text): path → bytes. */
export class ReadParser {
  readonly files = new Map<ImagePath, Buffer>();
  private ended = false;

  line(text: string): void {
    if (text === '') return;
    const line = parseLine(text, 'scan --read');
    if (line.type === 'file') this.files.set(line.path, Buffer.from(line.data, 'base64'));
    else if (line.type === 'error') throw new ScanIncompleteError(`the scan could not read ${line.path}: ${line.message}`);
    else if (line.type === 'end') this.ended = true;
  }

  finish(): Map<ImagePath, Buffer> {
    if (!this.ended) throw new ScanIncompleteError('the scan --read output is truncated');
    return this.files;
  }
}

/** Parses `scan --read` output: path → bytes. */
export function parseReadLines(lines: Iterable<string>): Map<ImagePath, Buffer> {
  const parser = new ReadParser();
  for (const text of lines) parser.line(text);
  return parser.finish();
}
