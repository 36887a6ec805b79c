// Issue 14: an image with VOLUMEs is scanned, not saved. Over each VOLUME the scan container has a
// tmpfs (no volume, no copy of the files) that the sensor detaches; the listing equals docker save's,
// also where a VOLUME path is missing from the image (the runtime makes it and the parent's mtime changes).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine } from '../../src/engine/connect.js';
import { listLabelled } from '../../src/engine/containers.js';
import { RUN_LABEL } from '../../src/engine/owner.js';
import { loadImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, type Captured } from '../../src/pipeline/plan-inputs.js';
import { sensorBinaryPath } from '../../src/pipeline/sensor-binary.js';
import { scanImage } from '../../src/scan/scan-image.js';
import { ScanIncompleteError } from '../../src/scan/scan-lines.js';
import { byLinkGroup, capturedDiff, manifestDiff } from '../helpers/manifest-diff.js';
import { docker } from './run-harness.js';
import { uniqueId } from './use-sandbox.js';

const IMAGE = `minify-test/scan-volumes:${uniqueId()}`;
// Bookworm's /lib is a symlink to usr/lib: the runtime would make this mount point in /usr/lib/minify-app,
// which the engine's stat of /lib/minify-app (it follows symlinks in parents) shows as a directory.
const UNDER_LINK = `minify-test/scan-volumes-link:${uniqueId()}`;
const OLD = new Date('2001-02-03T04:05:06Z');
const VOLUMES = ['/data', '/data/inner', '/var/lib/kept/none', '/nothere/deep', '/empty'];

async function layerTar(): Promise<Buffer> {
  const p = pack();
  const file = { mode: 0o644, mtime: OLD };
  p.entry({ name: 'data', type: 'directory', mode: 0o750, uid: 999, gid: 999, mtime: OLD });
  p.entry({ name: 'data/sub', type: 'directory', mode: 0o755, uid: 7, gid: 8, mtime: OLD });
  p.entry({ name: 'data/sub/x', mode: 0o4755, mtime: OLD }, 'payload');
  p.entry({ name: 'data/hard', type: 'link', linkname: 'data/sub/x', mtime: OLD });
  p.entry({ name: 'data/link', type: 'symlink', linkname: 'sub/x', mtime: OLD });
  p.entry({ name: 'data/cap', ...file, pax: { 'SCHILY.xattr.user.minify': 'kept' } }, 'with an xattr');
  p.entry({ name: 'data/package.json', ...file }, '{"name":"under-a-volume","version":"1.0.0"}\n');
  p.entry({ name: 'empty', type: 'directory', mode: 0o700, mtime: OLD });
  // Its child none is a VOLUME the image lacks: the runtime makes it, and kept's mtime would be now.
  p.entry({ name: 'var/lib/kept', type: 'directory', mode: 0o755, mtime: OLD });
  p.entry({ name: 'var/lib/kept/file', ...file }, 'beside a missing volume');
  p.entry({ name: 'usr/lib/minify-app', type: 'directory', mode: 0o755, mtime: OLD });
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  const id = docker(['create', 'minify-fixture/base:bookworm', 'true']);
  try {
    execFileSync('/usr/bin/docker', ['cp', '-', `${id}:/`], { input: await layerTar() });
    execFileSync('/usr/bin/docker', ['cp', '/bin/true', `${id}:/data/sub/true`]);
    docker(['commit', ...VOLUMES.flatMap((v) => ['--change', `VOLUME ${v}`]), id, IMAGE]);
    docker(['commit', '--change', 'VOLUME /lib/minify-app/data', id, UNDER_LINK]);
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
});

afterAll(() => {
  docker(['rmi', IMAGE, UNDER_LINK]);
});

describe('scan of an image with VOLUMEs', () => {
  it('lists what is under and beside each VOLUME as docker save does, and makes no volume', async () => {
    const engine = await connectEngine();
    const disposer = new Disposer();
    const volumesBefore = docker(['volume', 'ls', '-q']);
    try {
      const scanned = await scanImage({ engine, image: IMAGE, disposer, sensorPath: sensorBinaryPath() });
      expect(docker(['volume', 'ls', '-q'])).toBe(volumesBefore);
      expect(await listLabelled(engine, `${RUN_LABEL}=${disposer.runId}`)).toEqual([]);
      const saved = await loadImage<Captured>(engine, IMAGE, disposer, { inspect: capturePlanInput });
      for (const path of ['/data/sub/x', '/data/hard', '/data/cap', '/var/lib/kept/file']) expect(scanned.manifest.entries.get(path), path).toBeDefined();
      for (const path of ['/var/lib/kept/none', '/nothere', '/nothere/deep', '/data/inner']) expect(scanned.manifest.entries.get(path), path).toBeUndefined();
      expect(scanned.manifest.entries.get('/var/lib/kept')?.mtime).toBe(OLD.getTime() / 1000);
      expect(manifestDiff(saved.manifest, scanned.manifest).slice(0, 20)).toEqual([]);
      expect(capturedDiff(byLinkGroup(saved.inspected, saved.manifest), byLinkGroup(scanned.captured, scanned.manifest)).slice(0, 20)).toEqual([]);
      expect(scanned.captured.get('/data/sub/true')?.kind).toBe('elf');
    } finally {
      expect(await disposer.disposeAll()).toEqual([]);
    }
  });

  it('falls back to docker save where a VOLUME the image lacks lies under a symlink, and leaves nothing', async () => {
    const engine = await connectEngine();
    const disposer = new Disposer();
    try {
      const scan = scanImage({ engine, image: UNDER_LINK, disposer, sensorPath: sensorBinaryPath() });
      await expect(scan).rejects.toThrow(ScanIncompleteError);
      await expect(scan).rejects.toThrow(/under the symlink \/lib -> \/?usr\/lib/);
      expect(await listLabelled(engine, `${RUN_LABEL}=${disposer.runId}`)).toEqual([]);
    } finally {
      expect(await disposer.disposeAll()).toEqual([]);
    }
  });
});
