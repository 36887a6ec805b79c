// Builds an EcosystemInput from a small tree spec: parent dirs made implicitly, text captured as wantsText decides.
import { wantsText } from '../../src/ecosystem/index.js';
import type { EcosystemInput } from '../../src/ecosystem/types.js';
import type { ElfInfo } from '../../src/plan/types.js';
import type { ContainerConfig, FileEntry, FileType, ImagePath } from '../../src/types.js';

export interface TreeSpec {
  /** Regular files: path → content (a number means that many bytes of opaque content). */
  readonly files?: Readonly<Record<ImagePath, string | number>>;
  readonly dirs?: readonly ImagePath[];
  readonly symlinks?: Readonly<Record<ImagePath, string>>;
  /** ELF shared objects (files too). */
  readonly elf?: Readonly<Record<ImagePath, Partial<ElfInfo>>>;
  readonly env?: readonly string[];
}

const entry = (path: ImagePath, type: FileType, size: number, linkTarget?: string): FileEntry => ({
  path, type, size, mode: type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 0, layerIndex: 0,
  ...(linkTarget !== undefined ? { linkTarget } : {}),
});

export function treeInput(spec: TreeSpec): EcosystemInput {
  const entries = new Map<ImagePath, FileEntry>();
  const addParents = (path: ImagePath): void => {
    for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (!entries.has(dir)) entries.set(dir, entry(dir, 'dir', 0));
    }
  };
  const textFiles = new Map<ImagePath, string>();
  const elf = new Map<ImagePath, ElfInfo>();
  for (const dir of spec.dirs ?? []) {
    addParents(dir);
    entries.set(dir, entry(dir, 'dir', 0));
  }
  for (const [path, target] of Object.entries(spec.symlinks ?? {})) {
    addParents(path);
    entries.set(path, entry(path, 'symlink', 0, target));
  }
  const files: Record<ImagePath, string | number> = { ...spec.files };
  for (const path of Object.keys(spec.elf ?? {})) files[path] ??= 1000;
  for (const [path, content] of Object.entries(files)) {
    addParents(path);
    const size = typeof content === 'number' ? content : Buffer.byteLength(content);
    entries.set(path, entry(path, 'file', size));
    if (typeof content === 'string' && wantsText(path, size)) textFiles.set(path, content);
  }
  for (const [path, info] of Object.entries(spec.elf ?? {})) {
    elf.set(path, { needed: [], rpath: [], runpath: [], class: 64, machine: 62, ...info });
  }
  const config: ContainerConfig = { Env: [...(spec.env ?? [])] };
  return { manifest: { entries }, textFiles, elf, config };
}

/** A dpkg status stanza for an installed package. */
export function stanza(fields: Record<string, string>): string {
  const all = { Status: 'install ok installed', Architecture: 'amd64', Version: '1.0-1', ...fields };
  return `${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
}

/** `info/<key>.list` content: the listed paths, one a line. */
export function listFile(paths: readonly string[]): string {
  return `${paths.join('\n')}\n`;
}
