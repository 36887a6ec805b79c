// Reads `docker save` output from a file (legacy <id>/layer.tar or Docker 25+ OCI layout) without extracting it.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MinifyError, ExitCode, UnsafeImageError } from '../errors.js';
import type { HistoryEntry, ImageArchive, ImageConfig, Layer } from '../types.js';
import { normalizeTarPath } from './paths.js';
import { walkTar } from './tar-walk.js';

interface Member {
  readonly offset: number;
  readonly size: number;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new UnsafeImageError('image archive is truncated');
  return buf;
}

/**
 * Indexes the outer tar: normalised member name → data offset and size. Regular files, plus symlinks
 * resolved to the regular file they name inside the archive: `docker save` before Docker 25 writes a
 * layer that occurs twice in an image as `<id>/layer.tar -> ../<other id>/layer.tar`.
 */
export async function indexTar(fh: FileHandle, fileSize: number): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  const links = new Map<string, string>();
  for await (const m of walkTar(fh, 0, fileSize)) {
    if (m.type === '2') links.set(normalizeTarPath(m.name), m.linkTarget);
    if (m.type !== '0' && m.type !== '\0' && m.type !== '7') continue;
    members.set(normalizeTarPath(m.name), { offset: m.offset, size: m.size });
  }
  for (const name of links.keys()) {
    const target = resolveArchiveLink(name, links);
    const member = target === undefined ? undefined : members.get(target);
    if (member && !members.has(name)) members.set(name, member);
  }
  return members;
}

/** Follows a symlink member to a final name, clamped inside the archive; undefined on a loop. */
function resolveArchiveLink(name: string, links: ReadonlyMap<string, string>): string | undefined {
  let current = name;
  for (let hops = 0; hops < 16; hops++) {
    const target = links.get(current);
    if (target === undefined) return current;
    // posix.join on an absolute base clamps `..` at the archive root: a link cannot point outside.
    current = posix.join(target.startsWith('/') ? '/' : posix.dirname(current), target);
  }
  return undefined;
}

function notDockerSave(file: string, why: string): MinifyError {
  return new MinifyError(`${file} is not a docker save archive: ${why}`, {
    code: ExitCode.unsafeImage,
    hint: 'pass the output of `docker save IMAGE`',
  });
}

interface SaveManifest {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/** Opens a `docker save` tar; layers stream from file offsets (gunzipped if needed). */
export async function openImageArchive(tarPath: string): Promise<ImageArchive> {
  const fh = await open(tarPath, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const members = await indexTar(fh, fileSize);
    const readJson = async (name: string): Promise<unknown> => {
      const m = members.get(normalizeTarPath(name));
      if (!m) throw notDockerSave(tarPath, `missing ${name}`);
      if (m.size > 64 * 1024 * 1024) throw notDockerSave(tarPath, `${name} is too large`);
      try {
        return JSON.parse((await readAt(fh, m.offset, m.size)).toString('utf8'));
      } catch (cause) {
        if (cause instanceof MinifyError) throw cause;
        throw notDockerSave(tarPath, `${name} is not JSON`);
      }
    };
    let manifest: SaveManifest;
    if (members.has('/manifest.json')) {
      const list = (await readJson('manifest.json')) as SaveManifest[];
      if (!Array.isArray(list) || list.length === 0 || !list[0]) throw notDockerSave(tarPath, 'empty manifest.json');
      manifest = list[0];
    } else if (members.has('/index.json')) {
      manifest = await fromOciIndex(readJson, tarPath);
    } else {
      throw notDockerSave(tarPath, 'neither manifest.json nor index.json');
    }
    if (typeof manifest.Config !== 'string' || !Array.isArray(manifest.Layers)) throw notDockerSave(tarPath, 'bad manifest.json');
    const configMember = members.get(normalizeTarPath(manifest.Config));
    const config = (await readJson(manifest.Config)) as ImageConfig;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.Layers.length) throw notDockerSave(tarPath, 'config diff_ids do not match the layers');
    const history = (config.history ?? []).filter((h: HistoryEntry) => !h.empty_layer);
    const head = Buffer.alloc(2);
    const layers: Layer[] = [];
    for (const [index, name] of manifest.Layers.entries()) {
      const m = members.get(normalizeTarPath(name));
      if (!m) throw notDockerSave(tarPath, `missing layer ${name}`);
      let gzip = false;
      if (m.size >= 2) {
        await fh.read(head, 0, 2, m.offset);
        gzip = head[0] === 0x1f && head[1] === 0x8b;
      }
      const createdBy = history.length === manifest.Layers.length ? history[index]?.created_by : undefined;
      layers.push({
        index,
        diffId: diffIds[index] ?? '',
        storedSize: m.size,
        ...(createdBy !== undefined ? { createdBy } : {}),
        ...(gzip ? {} : { file: { path: tarPath, offset: m.offset, size: m.size } }),
        open: () => Promise.resolve(openRange(tarPath, m, gzip)),
      });
    }
    const imageId = configMember ? `sha256:${await sha256Range(tarPath, configMember)}` : '';
    return { repoTags: manifest.RepoTags ?? [], imageId, config, layers };
  } finally {
    await fh.close();
  }
}

async function fromOciIndex(readJson: (n: string) => Promise<unknown>, tarPath: string): Promise<SaveManifest> {
  const blob = (digest: unknown): string => {
    if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest)) throw notDockerSave(tarPath, `bad digest ${String(digest)}`);
    return `blobs/sha256/${digest.slice(7)}`;
  };
  type Desc = { digest?: string; mediaType?: string };
  let node = (await readJson('index.json')) as { manifests?: Desc[]; config?: Desc; layers?: Desc[] };
  for (let depth = 0; depth < 4 && !node.config; depth++) {
    const next = node.manifests?.[0];
    if (!next) throw notDockerSave(tarPath, 'index.json lists no manifest');
    node = (await readJson(blob(next.digest))) as typeof node;
  }
  if (!node.config || !node.layers) throw notDockerSave(tarPath, 'no image manifest in index.json');
  return { Config: blob(node.config.digest), Layers: node.layers.map((l) => blob(l.digest)) };
}

function openRange(file: string, m: Member, gzip: boolean): Readable {
  if (m.size === 0) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  const raw = createReadStream(file, { start: m.offset, end: m.offset + m.size - 1, highWaterMark: 1 << 20 });
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

async function sha256Range(file: string, m: Member): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of openRange(file, m, false)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
