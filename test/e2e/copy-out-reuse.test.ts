// Copy-out from the scan container (issue 14): the first copy-out of a scanned image runs the
// sensor's tar mode by exec in the still idling scan container (no copy container is created), its
// layer is byte-identical to the one from `docker save`, and the scan container is gone as soon as
// that copy-out ends; a later copy-out (a repair round) and one whose scan container is gone or about
// to stop use a fresh copy container and give the same layer. Nothing of the run is left behind.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine, type Engine } from '../../src/engine/connect.js';
import { listLabelled } from '../../src/engine/containers.js';
import { inspectImage } from '../../src/engine/images.js';
import { ROLE_LABEL, RUN_LABEL } from '../../src/engine/owner.js';
import { archiveContent } from '../../src/image/archive-content.js';
import type { ContentSource } from '../../src/image/content-source.js';
import { writeLayer } from '../../src/image/write-layer.js';
import { isNeverKept } from '../../src/plan/allowlist.js';
import { containerContent } from '../../src/pipeline/container-content.js';
import { loadImage, type LoadedImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, type Captured } from '../../src/pipeline/plan-inputs.js';
import { sensorBinaryPath } from '../../src/pipeline/sensor-binary.js';
import { scanImage, type RunningScan } from '../../src/scan/scan-image.js';
import { makeTempDir } from '../../src/temp-dir.js';
import type { ImagePath } from '../../src/types.js';
import { docker } from './run-harness.js';

interface Session {
  readonly engine: Engine;
  readonly disposer: Disposer;
  readonly imageId: string;
  readonly loaded: LoadedImage<Captured>;
  readonly dir: string;
  /** Every other path and every hardlink, minus what no plan keeps. */
  readonly keep: ReadonlySet<ImagePath>;
  /** The layer's diffId and size from the `docker save` archive. */
  readonly saved: { diffId: string; size: number };
}

async function withImage(image: string, body: (s: Session) => Promise<void>): Promise<void> {
  const disposer = new Disposer();
  const engine = await connectEngine();
  try {
    const imageId = (await inspectImage(engine, image)).id;
    const loaded = await loadImage(engine, imageId, disposer, { inspect: capturePlanInput });
    const dir = await makeTempDir(disposer, 'reuse');
    const keep = new Set<ImagePath>();
    let i = 0;
    for (const [path, entry] of loaded.manifest.entries) if ((i++ % 2 === 0 || entry.type === 'hardlink') && !isNeverKept(path)) keep.add(path);
    const s = { engine, disposer, imageId, loaded, dir, keep, saved: { diffId: '', size: 0 } };
    const saved = await layer(s, archiveContent(loaded.archive, dir), 'saved');
    expect(saved.size).toBeGreaterThan(1e6);
    await body({ ...s, saved });
  } finally {
    expect(await disposer.disposeAll()).toEqual([]);
  }
  expect(await listLabelled(engine, `${RUN_LABEL}=${disposer.runId}`)).toEqual([]);
}

async function layer(s: Omit<Session, 'saved'>, content: ContentSource, name: string): Promise<{ diffId: string; size: number; seconds: number }> {
  const started = performance.now();
  const written = await writeLayer({ content, manifest: s.loaded.manifest, keep: s.keep, out: createWriteStream(join(s.dir, `${name}.tar`)) });
  return { ...written, seconds: (performance.now() - started) / 1000 };
}

async function keptScan(s: Session): Promise<RunningScan> {
  const scanned = await scanImage({ engine: s.engine, image: s.imageId, disposer: s.disposer, sensorPath: sensorBinaryPath(), maxRunTimeSec: 600, keepContainer: true });
  expect(scanned.container).toBeDefined();
  expect(scanned.container!.stopsAt).toBeGreaterThan(Date.now());
  expect(await roles(s, 'running')).toEqual(['scan']);
  return scanned.container!;
}

/** The roles of this run's containers: existing ones (`running`: up) or those created since `since` (unix seconds, fractional). */
async function roles(s: Session, which: 'running' | { since: number }): Promise<string[]> {
  if (which === 'running') return (await listLabelled(s.engine, `${RUN_LABEL}=${s.disposer.runId}`)).filter((c) => c.state === 'running').map((c) => c.labels[ROLE_LABEL] ?? '?');
  const out = docker(['events', '--since', which.since.toFixed(3), '--until', (Date.now() / 1000 + 1).toFixed(3), '--filter', `label=${RUN_LABEL}=${s.disposer.runId}`,
    '--filter', 'type=container', '--filter', 'event=create', '--format', `{{index .Actor.Attributes "${ROLE_LABEL}"}}`]);
  return out.split('\n').filter(Boolean);
}

/** Waits (the release runs in the background) until this run has no container left. */
async function noneLeft(s: Session): Promise<void> {
  for (let tries = 0; tries < 100 && (await listLabelled(s.engine, `${RUN_LABEL}=${s.disposer.runId}`)).length > 0; tries++) await new Promise((r) => setTimeout(r, 100));
  expect(await listLabelled(s.engine, `${RUN_LABEL}=${s.disposer.runId}`)).toEqual([]);
}

const nowSec = (): number => Date.now() / 1000;

describe('copy-out from the scan container', () => {
  it('node-api: the first copy-out execs in the scan container (same layer as docker save), then removes it; the next one uses a fresh copier', async () => {
    await withImage('minify-fixture/node-api:1.0', async (s) => {
      const running = await keptScan(s);
      const content = containerContent(s.engine, s.imageId, { disposer: s.disposer, sensorPath: sensorBinaryPath(), running });
      const since = nowSec();
      const reused = await layer(s, content, 'reused');
      expect(reused.diffId).toBe(s.saved.diffId);
      expect(reused.size).toBe(s.saved.size);
      await noneLeft(s);
      expect(await roles(s, { since })).toEqual([]);

      const again = nowSec();
      const fresh = await layer(s, content, 'fresh');
      expect(fresh.diffId).toBe(s.saved.diffId);
      expect(await roles(s, { since: again })).toEqual(['copy']);
      console.log(`node-api: ${s.keep.size} paths, ${(s.saved.size / 1e6).toFixed(1)} MB layer; scan container ${reused.seconds.toFixed(1)} s, fresh copier ${fresh.seconds.toFixed(1)} s`);
    });
  });

  it('static-web: a scan container that is gone, or whose --max-run-time idle ends too soon, is replaced by a fresh copier', async () => {
    await withImage('minify-fixture/static-web:1.0', async (s) => {
      const gone = await keptScan(s);
      await gone.release();
      const since = nowSec();
      const afterGone = await layer(s, containerContent(s.engine, s.imageId, { disposer: s.disposer, sensorPath: sensorBinaryPath(), running: gone }), 'gone');
      expect(afterGone.diffId).toBe(s.saved.diffId);
      expect(await roles(s, { since })).toEqual(['copy']);

      const ending = await keptScan(s);
      const soon = nowSec();
      const running = { ...ending, stopsAt: Date.now() + 5000 };
      const beforeEnd = await layer(s, containerContent(s.engine, s.imageId, { disposer: s.disposer, sensorPath: sensorBinaryPath(), running }), 'ending');
      expect(beforeEnd.diffId).toBe(s.saved.diffId);
      expect(await roles(s, { since: soon })).toEqual(['copy']);
      // Not used, but released all the same.
      await noneLeft(s);
    });
  });

  it('static-web: a copy-out that asks for nothing still releases the scan container', async () => {
    await withImage('minify-fixture/static-web:1.0', async (s) => {
      const running = await keptScan(s);
      const content = containerContent(s.engine, s.imageId, { disposer: s.disposer, sensorPath: sensorBinaryPath(), running });
      for await (const _ of content.contents([])) throw new Error('nothing was asked for');
      await noneLeft(s);
    });
  });
});
