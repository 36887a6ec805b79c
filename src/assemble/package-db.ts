// The slim image's dpkg database: the source's status trimmed to the kept packages, and their info files.
// Pure: works on the status file's bytes so every kept stanza is copied byte for byte.
import type { ImagePath, Manifest } from '../types.js';

export const DPKG_STATUS: ImagePath = '/var/lib/dpkg/status';
const DPKG_INFO = '/var/lib/dpkg/info';
/** The info files scanners read besides the status: the file list and the checksums of each package. */
const INFO_SUFFIXES = ['.list', '.md5sums'] as const;

/** One installed package of the status file, with the raw bytes of its stanza. */
export interface StatusStanza {
  readonly name: string;
  readonly arch?: string;
  /** The third word of `Status:` (`installed`, `config-files`, `half-installed`, …). */
  readonly state?: string;
  /** The stanza's lines without the blank line that ends it. */
  readonly bytes: Buffer;
}

export interface TrimmedStatus {
  /** The kept stanzas in source order, each followed by one blank line, as dpkg writes them. */
  readonly status: Buffer;
  /** Each package listed, in source order. */
  readonly listed: readonly Pick<StatusStanza, 'name' | 'arch'>[];
  /** Kept names with no installed stanza in the source's status (the plan named a package dpkg does not list). */
  readonly notInstalled: readonly string[];
}

/** Splits a status file into stanzas; a line that starts with a space or tab continues the field above. */
export function parseStatusStanzas(status: Buffer): StatusStanza[] {
  const text = status.toString('latin1');
  const stanzas: StatusStanza[] = [];
  let lines: string[] = [];
  const finish = (): void => {
    if (lines.length === 0) return;
    const fields = new Map<string, string>();
    for (const line of lines) {
      if (line.startsWith(' ') || line.startsWith('\t')) continue;
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const name = fields.get('package');
    if (name) {
      const arch = fields.get('architecture');
      const state = fields.get('status')?.split(/\s+/)[2];
      stanzas.push({ name, ...(arch ? { arch } : {}), ...(state ? { state } : {}), bytes: Buffer.from(lines.join('\n'), 'latin1') });
    }
    lines = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') finish();
    else lines.push(line);
  }
  finish();
  return stanzas;
}

/** `libc6:amd64` (or `libc6` with no arch field). */
export const packageKey = (stanza: Pick<StatusStanza, 'name' | 'arch'>): string => (stanza.arch ? `${stanza.name}:${stanza.arch}` : stanza.name);

/**
 * The status listing exactly the kept packages. A kept name is `name` (every installed arch of it)
 * or `name:arch` (that one); only installed stanzas are listed, so removed-but-configured packages go.
 */
export function trimDpkgStatus(status: Buffer, keptNames: Iterable<string>): TrimmedStatus {
  const wanted = new Set(keptNames);
  const matched = new Set<string>();
  const kept: StatusStanza[] = [];
  for (const stanza of parseStatusStanzas(status)) {
    if (stanza.state !== 'installed') continue;
    const byArch = stanza.arch ? `${stanza.name}:${stanza.arch}` : undefined;
    const hit = byArch !== undefined && wanted.has(byArch) ? byArch : wanted.has(stanza.name) ? stanza.name : undefined;
    if (hit === undefined) continue;
    matched.add(hit);
    kept.push(stanza);
  }
  const parts: Buffer[] = [];
  for (const stanza of kept) parts.push(stanza.bytes, Buffer.from('\n\n'));
  return {
    status: Buffer.concat(parts),
    listed: kept.map(({ name, arch }) => (arch ? { name, arch } : { name })),
    notInstalled: [...wanted].filter((name) => !matched.has(name)).sort(),
  };
}

/** The kept packages' `info/<pkg>[:arch].list` and `.md5sums` that the image has. */
export function dpkgInfoFiles(manifest: Manifest, packages: Iterable<Pick<StatusStanza, 'name' | 'arch'>>): ImagePath[] {
  const found: ImagePath[] = [];
  for (const pkg of packages) {
    const stems = pkg.arch ? [`${pkg.name}:${pkg.arch}`, pkg.name] : [pkg.name];
    for (const suffix of INFO_SUFFIXES) {
      const path = stems.map((stem) => `${DPKG_INFO}/${stem}${suffix}`).find((candidate) => manifest.entries.get(candidate)?.type === 'file');
      if (path) found.push(path);
    }
  }
  return [...new Set(found)].sort();
}
