// Writes an image tar that `docker load` accepts: the classic docker-archive (manifest.json + config +
// <diffhex>/layer.tar), or an OCI image layout (oci-layout, index.json, blobs/sha256/…) that also
// carries a manifest.json pointing into blobs/, as `docker save` does since Docker 25.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { ImageConfig } from '../types.js';
import { OutputSink } from './output-sink.js';
import { encodeHeader, padding } from './tar-header.js';

export interface WriteDockerArchiveOptions {
  readonly config: ImageConfig;
  /** Uncompressed layer tars on disk with their diffIds (`sha256:…`), bottom first. */
  readonly layers: readonly { readonly path: string; readonly diffId: string }[];
  readonly repoTags: readonly string[];
  readonly out: Writable;
  /** `docker` (default): classic docker-archive; `oci`: OCI image layout plus manifest.json. */
  readonly layout?: ArchiveLayout;
}

export type ArchiveLayout = 'docker' | 'oci';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

const member = (name: string, size: number): Buffer =>
  encodeHeader({ path: `/${name}`, type: 'file', mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex: -1 });

async function putBytes(sink: OutputSink, name: string, data: Buffer): Promise<void> {
  await sink.write(member(name, data.length));
  await sink.write(data);
  await sink.write(Buffer.alloc(padding(data.length)));
}

const dirMember = (name: string): Buffer =>
  encodeHeader({ path: `/${name}`, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: -1 });

const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The config written is `config` with rootfs.diff_ids set from `layers`; ends `out`; returns the image id. */
export async function writeDockerArchive(opts: WriteDockerArchiveOptions): Promise<{ imageId: string }> {
  const sink = new OutputSink(opts.out);
  const oci = opts.layout === 'oci';
  const config = { ...opts.config, rootfs: { type: 'layers' as const, diff_ids: opts.layers.map((l) => l.diffId) } };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configHex = sha256Hex(configBytes);
  // Layers are uncompressed, so a layer blob's digest is its diffId.
  const configName = oci ? `blobs/sha256/${configHex}` : `${configHex}.json`;
  const layerNames = opts.layers.map((l) => (oci ? `blobs/sha256/${hexOf(l.diffId)}` : `${hexOf(l.diffId)}/layer.tar`));
  if (oci) {
    await putBytes(sink, 'oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    await sink.write(dirMember('blobs'));
    await sink.write(dirMember('blobs/sha256'));
  }
  await putBytes(sink, configName, configBytes);
  const layerSizes: number[] = [];
  const written = new Set<string>();
  for (const [i, layer] of opts.layers.entries()) {
    const name = layerNames[i] ?? '';
    const { size } = await stat(layer.path);
    layerSizes.push(size);
    if (written.has(name)) continue; // the same layer twice is one blob
    written.add(name);
    if (!oci) await sink.write(dirMember(name.slice(0, name.indexOf('/'))));
    await sink.write(member(name, size));
    let copied = 0;
    for await (const chunk of createReadStream(layer.path, { highWaterMark: 1 << 20 })) {
      copied += (chunk as Buffer).length;
      await sink.write(chunk as Buffer);
    }
    if (copied !== size) throw new Error(`layer file ${layer.path} changed while being written`);
    await sink.write(Buffer.alloc(padding(size)));
  }
  if (oci) {
    const manifestBytes = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: `sha256:${configHex}`, size: configBytes.length },
      layers: opts.layers.map((l, i) => ({ mediaType: OCI_LAYER, digest: l.diffId, size: layerSizes[i] })),
    }));
    const manifestHex = sha256Hex(manifestBytes);
    await putBytes(sink, `blobs/sha256/${manifestHex}`, manifestBytes);
    const descriptor = { mediaType: OCI_MANIFEST, digest: `sha256:${manifestHex}`, size: manifestBytes.length };
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: (opts.repoTags.length > 0 ? opts.repoTags : [undefined]).map((ref) => ({
        ...descriptor,
        ...(ref ? { annotations: { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': tagOf(ref) } } : {}),
      })),
    };
    await putBytes(sink, 'index.json', Buffer.from(JSON.stringify(index)));
  }
  const manifest = [{ Config: configName, RepoTags: [...opts.repoTags], Layers: layerNames }];
  await putBytes(sink, 'manifest.json', Buffer.from(JSON.stringify(manifest)));
  await sink.write(Buffer.alloc(1024));
  await sink.end();
  return { imageId: `sha256:${configHex}` };
}

/** The archive as a stream (for `docker load`); a failed write ends the stream with the error. */
export function streamDockerArchive(opts: Omit<WriteDockerArchiveOptions, 'out'>): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  writeDockerArchive({ ...opts, out }).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

function hexOf(digest: string): string {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return digest.slice(7);
}

/** `repo/name:tag` → `tag` (OCI's ref.name annotation holds the tag only). */
function tagOf(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : 'latest';
}
