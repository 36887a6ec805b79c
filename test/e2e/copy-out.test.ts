// Copy-out acceptance: a layer assembled with the bytes of a container of the source image (the
// sensor's tar mode) is byte-identical to the one assembled from `docker save`, for fixed path sets
// on the fixtures, for a real traced plan, where a VOLUME's tmpfs is detached and where mounts
// (Docker's /etc files, a volume) hide the image's files; the run leaves no container behind.
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleImage } from '../../src/assemble/assemble-image.js';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine, type Engine } from '../../src/engine/connect.js';
import { listLabelled } from '../../src/engine/containers.js';
import { inspectImage } from '../../src/engine/images.js';
import { RUN_LABEL } from '../../src/engine/owner.js';
import { archiveContent } from '../../src/image/archive-content.js';
import type { ContentSource } from '../../src/image/content-source.js';
import { writeLayer } from '../../src/image/write-layer.js';
import { isNeverKept } from '../../src/plan/allowlist.js';
import { containerContent } from '../../src/pipeline/container-content.js';
import { traceImage } from '../../src/pipeline/drive-target.js';
import { loadImage, type LoadedImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, type Captured } from '../../src/pipeline/plan-inputs.js';
import { planImage } from '../../src/pipeline/plan-stage.js';
import { sensorBinaryPath } from '../../src/pipeline/sensor-binary.js';
import { volumePaths } from '../../src/scan/scan-volumes.js';
import { slimLayer } from '../../src/pipeline/slim-layer.js';
import { slimPackages } from '../../src/pipeline/slim-packages.js';
import { workloadOf } from '../../src/pipeline/workload.js';
import { createProgress } from '../../src/progress.js';
import { makeTempDir } from '../../src/temp-dir.js';
import type { ImagePath, Manifest } from '../../src/types.js';
import { docker } from './run-harness.js';

const FIXTURES = ['static-web', 'redis', 'node-api', 'python-web', 'postgres'];
const VOLUME_IMAGE = 'minify-perfcopy/copy-volume:1';

afterAll(() => {
  try {
    docker(['rmi', VOLUME_IMAGE]);
  } catch {
    // never built
  }
});

/** Every third path and every hardlink, minus what no plan keeps (Docker's run-time /etc files, /dev, /proc). */
function fixedSet(manifest: Manifest): Set<ImagePath> {
  const keep = new Set<ImagePath>();
  let i = 0;
  for (const [path, entry] of manifest.entries) if ((i++ % 3 === 0 || entry.type === 'hardlink') && !isNeverKept(path)) keep.add(path);
  return keep;
}

interface Session {
  readonly engine: Engine;
  readonly disposer: Disposer;
  readonly imageId: string;
  readonly loaded: LoadedImage<Captured>;
  readonly dir: string;
  readonly fromContainer: ContentSource;
}

/** The roles of the containers a run created since `since` (unix seconds). */
function rolesCreated(runId: string, since: number): string[] {
  const until = Math.floor(Date.now() / 1000) + 1;
  return docker(['events', '--since', String(since), '--until', String(until), '--filter', 'type=container', '--filter', 'event=create',
    '--filter', `label=${RUN_LABEL}=${runId}`, '--format', '{{.ID}}']).split('\n').filter(Boolean);
}

async function withImage(image: string, body: (s: Session) => Promise<void>): Promise<void> {
  const disposer = new Disposer();
  try {
    const engine = await connectEngine();
    const imageId = (await inspectImage(engine, image)).id;
    const loaded = await loadImage(engine, imageId, disposer, { inspect: capturePlanInput });
    const dir = await makeTempDir(disposer, 'copyout');
    const fromContainer = containerContent(engine, imageId, { disposer, sensorPath: sensorBinaryPath(), volumes: volumePaths(loaded.archive.config.config) });
    await body({ engine, disposer, imageId, loaded, dir, fromContainer });
  } finally {
    expect(await disposer.disposeAll()).toEqual([]);
  }
  const engine = await connectEngine();
  expect(await listLabelled(engine, `${RUN_LABEL}=${disposer.runId}`)).toEqual([]);
}

async function layer(s: Session, content: ContentSource, keep: ReadonlySet<ImagePath>, name: string): Promise<{ diffId: string; size: number; seconds: number }> {
  const started = performance.now();
  const written = await writeLayer({ content, manifest: s.loaded.manifest, keep, out: createWriteStream(join(s.dir, `${name}.tar`)) });
  return { ...written, seconds: (performance.now() - started) / 1000 };
}

async function expectSameLayer(s: Session, image: string, keep: ReadonlySet<ImagePath>): Promise<void> {
  const saved = await layer(s, archiveContent(s.loaded.archive, s.dir), keep, 'archive');
  const copied = await layer(s, s.fromContainer, keep, 'container');
  console.log(`${image}: ${keep.size} paths, ${(saved.size / 1e6).toFixed(1)} MB layer; archive ${saved.seconds.toFixed(1)} s, container ${copied.seconds.toFixed(1)} s`);
  expect(copied.diffId).toBe(saved.diffId);
  expect(copied.size).toBe(saved.size);
  expect(saved.size).toBeGreaterThan(2048);
}

describe('copy-out from a container', () => {
  for (const fixture of FIXTURES) {
    const image = `minify-fixture/${fixture}:1.0`;
    it(`${fixture}: a fixed path set assembles to the same layer from the container as from docker save`, async () => {
      await withImage(image, (s) => expectSameLayer(s, image, fixedSet(s.loaded.manifest)));
    });
  }

  it('a VOLUME: the copier detaches its tmpfs (or, as a volume, its files come from a never-started container); Docker /etc files are refused', async () => {
    const id = docker(['create', 'minify-fixture/base:bookworm', 'true']);
    const p = pack();
    p.entry({ name: 'data/sub/x', mode: 0o640, uid: 7 }, 'payload');
    p.entry({ name: 'data/hard', type: 'link', linkname: 'data/sub/x' });
    p.entry({ name: 'etc/hostname', mode: 0o644 }, 'image-hostname');
    p.entry({ name: 'etc/hosts', mode: 0o644 }, '127.0.0.1 image\n');
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of p as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
    // Into the never-started container's own layer: no mount is in the way yet.
    execFileSync('/usr/bin/docker', ['cp', '-', `${id}:/`], { input: Buffer.concat(chunks) });
    docker(['commit', '--change', 'VOLUME /data', id, VOLUME_IMAGE]);
    docker(['rm', '-f', '-v', id]);
    await withImage(VOLUME_IMAGE, async (s) => {
      // As a run copies: the copier detaches the tmpfs over /data and reads it, no second container.
      const since = Math.floor(Date.now() / 1000) - 1;
      await expectSameLayer(s, VOLUME_IMAGE, new Set(['/data/sub/x', '/data/hard', '/etc/passwd']));
      expect(readFileSync(join(s.dir, 'container.tar')).toString('latin1')).toContain('payload');
      expect(rolesCreated(s.disposer.runId, since)).toHaveLength(1);
      // Where the VOLUME is a volume, its files come from a never-started container (the engine's copy).
      const asVolume = await layer(s, containerContent(s.engine, s.imageId, { disposer: s.disposer, sensorPath: sensorBinaryPath() }), new Set(['/data/sub/x', '/data/hard', '/etc/passwd']), 'volume');
      expect(asVolume.diffId).toBe((await layer(s, archiveContent(s.loaded.archive, s.dir), new Set(['/data/sub/x', '/data/hard', '/etc/passwd']), 'archive2')).diffId);
      // Docker's init layer shadows these even in a never-started container: refused, not copied wrong.
      for (const path of ['/etc/hostname', '/etc/hosts']) {
        await expect(layer(s, s.fromContainer, new Set([path, '/etc/passwd']), 'refused')).rejects.toThrow(`does not hold ${path} as the image has it`);
      }
    });
  });

  it('static-web: a real traced plan (package DB, synthetic entries) assembles to the same image', async () => {
    await withImage('minify-fixture/static-web:1.0', async (s) => {
      const progress = createProgress('silent');
      const workload = await workloadOf({ probeFiles: [], probeExecs: [], verifyProbeFiles: [], verifyProbeExecs: [], graceMs: 500, readyTimeoutMs: 60_000, probeTimeoutMs: 30_000 });
      const traced = await traceImage({
        engine: s.engine, imageId: s.imageId, imageName: 'static-web', runId: s.disposer.runId, disposer: s.disposer,
        signal: new AbortController().signal, progress, workload, sensorPath: sensorBinaryPath(), sensorMode: 'both',
      });
      const { plan, componentIndex, rawFiles } = planImage({
        manifest: s.loaded.manifest, config: s.loaded.archive.config.config, captured: s.loaded.inspected, trace: traced.report,
        rules: { include: [], includeBin: [], includeShell: false, exclude: [], closure: 'component' },
      });
      const selection = slimLayer(plan, slimPackages({ manifest: s.loaded.manifest, plan, rawFiles, index: componentIndex }), 'static-web');
      expect(selection.generated?.length).toBeGreaterThan(0);
      const assemble = (name: string, content?: ContentSource) => assembleImage({
        archive: s.loaded.archive, manifest: s.loaded.manifest, layers: [selection], sourceRef: 'static-web', repoTags: [],
        minifyVersion: 'test', workDir: s.dir, name, ...(content ? { content } : {}),
      });
      const saved = await assemble('saved');
      const copied = await assemble('copied', s.fromContainer);
      expect(copied.layers.map((l) => l.diffId)).toEqual(saved.layers.map((l) => l.diffId));
      expect(copied.config).toEqual(saved.config);
    });
  });
});
