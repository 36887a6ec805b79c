// Writes a docker-archive tar (manifest.json + config + <diffhex>/layer.tar) that `docker load` accepts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ImageConfig } from '../types.js';
import { endStream } from './write-layer.js';
import { encodeHeader, padding } from './tar-header.js';

export interface WriteDockerArchiveOptions {
  readonly config: ImageConfig;
  /** Uncompressed layer tars on disk with their diffIds (`sha256:…`), bottom first. */
  readonly layers: readonly { readonly path: string; readonly diffId: string }[];
  readonly repoTags: readonly string[];
  readonly out: Writable;
}

async function put(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => { out.off('error', onError); resolve(); };
    const onError = (e: Error): void => { out.off('drain', onDrain); reject(e); };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

const member = (name: string, size: number): Buffer =>
  encodeHeader({ path: `/${name}`, type: 'file', mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex: -1 });

async function putBytes(out: Writable, name: string, data: Buffer): Promise<void> {
  await put(out, member(name, data.length));
  await put(out, data);
  await put(out, Buffer.alloc(padding(data.length)));
}

/** The config written is `config` with rootfs.diff_ids set from `layers`; ends `out`; returns the image id. */
export async function writeDockerArchive(opts: WriteDockerArchiveOptions): Promise<{ imageId: string }> {
  const config = { ...opts.config, rootfs: { type: 'layers' as const, diff_ids: opts.layers.map((l) => l.diffId) } };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configHex = createHash('sha256').update(configBytes).digest('hex');
  const layerNames = opts.layers.map((l) => `${l.diffId.replace(/^sha256:/, '')}/layer.tar`);
  const manifest = [{ Config: `${configHex}.json`, RepoTags: [...opts.repoTags], Layers: layerNames }];
  await putBytes(opts.out, `${configHex}.json`, configBytes);
  for (const [i, layer] of opts.layers.entries()) {
    const name = layerNames[i] ?? '';
    const { size } = await stat(layer.path);
    await put(opts.out, encodeHeader({ path: `/${name.slice(0, name.indexOf('/'))}`, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: -1 }));
    await put(opts.out, member(name, size));
    let copied = 0;
    for await (const chunk of createReadStream(layer.path, { highWaterMark: 1 << 20 })) {
      copied += (chunk as Buffer).length;
      await put(opts.out, chunk as Buffer);
    }
    if (copied !== size) throw new Error(`layer file ${layer.path} changed while being written`);
    await put(opts.out, Buffer.alloc(padding(size)));
  }
  await putBytes(opts.out, 'manifest.json', Buffer.from(JSON.stringify(manifest)));
  await put(opts.out, Buffer.alloc(1024));
  await endStream(opts.out);
  return { imageId: `sha256:${configHex}` };
}
