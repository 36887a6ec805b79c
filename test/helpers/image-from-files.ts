// Test helper: builds small `docker save` tars (legacy or OCI layout) from entry lists, in a temp dir.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeHeader, padding } from '../../src/image/tar-header.js';
import type { FileType } from '../../src/types.js';

export interface SpecEntry {
  /** Tar member name as stored (latin1 byte string), e.g. `usr/bin/x`, `./a/`, `../evil`. */
  readonly name: string;
  readonly type?: FileType;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtime?: number;
  readonly content?: string | Buffer;
  readonly linkTarget?: string;
  readonly devMajor?: number;
  readonly devMinor?: number;
  readonly xattrs?: Record<string, Buffer>;
}

export type LayerSpec = readonly SpecEntry[];

/** One uncompressed layer tar in memory. */
export function layerTar(entries: LayerSpec): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? (e.name.endsWith('/') ? 'dir' : 'file');
    const content = typeof e.content === 'string' ? Buffer.from(e.content, 'latin1') : (e.content ?? Buffer.alloc(0));
    const name = e.name.replace(/\/$/, '');
    parts.push(
      encodeHeader(
        {
          path: `/${name}`, type, mode: e.mode ?? (type === 'dir' ? 0o755 : 0o644), uid: e.uid ?? 0, gid: e.gid ?? 0,
          size: content.length, mtime: e.mtime ?? 1_700_000_000, layerIndex: 0,
          ...(e.linkTarget !== undefined ? { linkTarget: type === 'hardlink' ? `/${e.linkTarget}` : e.linkTarget } : {}),
          ...(e.devMajor !== undefined ? { devMajor: e.devMajor, devMinor: e.devMinor ?? 0 } : {}),
          ...(e.xattrs ? { xattrs: e.xattrs } : {}),
        },
        { size: content.length },
      ),
    );
    if (type === 'file') parts.push(content, Buffer.alloc(padding(content.length)));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function outerTar(members: { name: string; data: Buffer }[]): Buffer {
  return layerTar(members.map((m) => ({ name: m.name, content: m.data })));
}

export interface ImageFromFilesOptions {
  readonly layout?: 'legacy' | 'oci';
  readonly gzip?: boolean;
  readonly repoTags?: readonly string[];
  /** history `created_by` per layer; an `empty_layer` entry is inserted before each to test mapping. */
  readonly createdBy?: readonly string[];
  /** OCI layout only: also write Docker 25's manifest.json (default true). */
  readonly ociManifestJson?: boolean;
}

export interface BuiltImage {
  readonly path: string;
  readonly dir: string;
  cleanup(): Promise<void>;
}

/** Writes a docker-save tar of `layers` to a fresh temp dir; call `cleanup()` afterwards. */
export async function imageFromFiles(layers: readonly LayerSpec[], opts: ImageFromFilesOptions = {}): Promise<BuiltImage> {
  const tars = layers.map(layerTar);
  const stored = tars.map((t) => (opts.gzip ? gzipSync(t) : t));
  const history = layers.flatMap((_, i) => [
    { created_by: `#(nop) ENV X=${i}`, empty_layer: true },
    { created_by: opts.createdBy?.[i] ?? `layer ${i}` },
  ]);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: tars.map((t) => `sha256:${sha(t)}`) }, history,
  }));
  const repoTags = [...(opts.repoTags ?? ['test/image:1'])];
  const members: { name: string; data: Buffer }[] = [];
  if ((opts.layout ?? 'legacy') === 'legacy') {
    const ids = stored.map((s, i) => sha(Buffer.concat([s, Buffer.from(String(i))])));
    stored.forEach((s, i) => members.push({ name: `${ids[i]}/layer.tar`, data: s }));
    members.push({ name: `${sha(config)}.json`, data: config });
    members.push({ name: 'manifest.json', data: Buffer.from(JSON.stringify([{ Config: `${sha(config)}.json`, RepoTags: repoTags, Layers: ids.map((id) => `${id}/layer.tar`) }])) });
  } else {
    const mt = opts.gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar';
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(config)}`, size: config.length },
      layers: stored.map((s) => ({ mediaType: mt, digest: `sha256:${sha(s)}`, size: s.length })),
    }));
    members.push({ name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') });
    for (const blob of [config, manifest, ...stored]) members.push({ name: `blobs/sha256/${sha(blob)}`, data: blob });
    members.push({ name: 'index.json', data: Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(manifest)}`, size: manifest.length }] })) });
    if (opts.ociManifestJson !== false) members.push({ name: 'manifest.json', data: Buffer.from(JSON.stringify([{ Config: `blobs/sha256/${sha(config)}`, RepoTags: repoTags, Layers: stored.map((s) => `blobs/sha256/${sha(s)}`) }])) });
  }
  const dir = await mkdtemp(join(tmpdir(), 'minify-image-test-'));
  const path = join(dir, 'image.tar');
  await writeFile(path, outerTar(members));
  return { path, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
