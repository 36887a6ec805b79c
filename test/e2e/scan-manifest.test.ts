// Issue 14: the in-container scan reads every fixture as `docker save` + flatten + capture does.
import { describe, expect, it } from 'vitest';
import { buildSlimConfig } from '../../src/assemble/slim-config.js';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine } from '../../src/engine/connect.js';
import { listLabelled } from '../../src/engine/containers.js';
import { RUN_LABEL } from '../../src/engine/owner.js';
import { loadImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, type Captured } from '../../src/pipeline/plan-inputs.js';
import { sensorBinaryPath } from '../../src/pipeline/sensor-binary.js';
import { scanImage } from '../../src/scan/scan-image.js';
import type { ImageConfig } from '../../src/types.js';
import { byLinkGroup, capturedDiff, manifestDiff } from '../helpers/manifest-diff.js';

const FIXTURES = ['static-web', 'redis', 'node-api', 'python-web', 'postgres'];

/** What a slim image takes from its source's config. */
function slimConfigOf(config: ImageConfig): ImageConfig {
  return buildSlimConfig({ source: config, sourceRef: 'x', sourceId: 'y', layers: [], minifyVersion: '0', created: config.created ?? '' });
}

describe('in-container scan', () => {
  for (const name of FIXTURES) {
    it(`reads minify-fixture/${name}:1.0 as docker save does`, async () => {
      const image = `minify-fixture/${name}:1.0`;
      const engine = await connectEngine();
      const disposer = new Disposer();
      try {
        const scanned = await scanImage({ engine, image, disposer, sensorPath: sensorBinaryPath() });
        expect(await listLabelled(engine, `${RUN_LABEL}=${disposer.runId}`)).toEqual([]);
        const saved = await loadImage<Captured>(engine, image, disposer, { inspect: capturePlanInput });
        expect(scanned.imageId).toBe(saved.archive.imageId);
        expect(manifestDiff(saved.manifest, scanned.manifest).slice(0, 20)).toEqual([]);
        expect(capturedDiff(byLinkGroup(saved.inspected, saved.manifest), byLinkGroup(scanned.captured, scanned.manifest)).slice(0, 20)).toEqual([]);
        expect([...scanned.captured.values()].filter((c) => c.kind === 'elf').length).toBeGreaterThan(50);
        expect(slimConfigOf(scanned.config)).toEqual(slimConfigOf(saved.archive.config));
        expect(scanned.config.rootfs.diff_ids).toEqual(saved.archive.config.rootfs.diff_ids);
      } finally {
        expect(await disposer.disposeAll()).toEqual([]);
      }
    });
  }
});
