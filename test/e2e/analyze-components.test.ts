// One definition of dev dependencies: `minify analyze`'s dev-dependency junk on node-api is exactly
// the npm components `minify run`'s capture and readers give role `dev` (same dirs, same bytes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDirTotals } from '../../src/analyze/dir-sizes.js';
import type { AnalysisReport } from '../../src/analyze/report.js';
import { Disposer } from '../../src/cleanup.js';
import { readComponents } from '../../src/ecosystem/index.js';
import { parentOf } from '../../src/ecosystem/paths.js';
import { connectEngine } from '../../src/engine/connect.js';
import { analyzeImageByName } from '../../src/pipeline/analyze-image.js';
import { loadImage } from '../../src/pipeline/load-image.js';
import { capturePlanInput, splitCaptured } from '../../src/pipeline/plan-inputs.js';
import type { ImagePath } from '../../src/types.js';

const IMAGE = 'minify-fixture/node-api:1.0';
const disposer = new Disposer();
let report: AnalysisReport;
/** run's view: package dir -> role of every npm component under /app, and the image's dir sizes. */
let roles: Map<ImagePath, string>;
let dirBytes: (dir: ImagePath) => number;

beforeAll(async () => {
  // As `minify run` reads the image (plan-stage.ts): the planner's capture, split, the readers.
  const loaded = await loadImage(await connectEngine(), IMAGE, disposer, { inspect: capturePlanInput });
  const { elf, textFiles } = splitCaptured(loaded.inspected);
  const { components } = readComponents({ manifest: loaded.manifest, textFiles, elf, config: loaded.archive.config.config });
  roles = new Map();
  for (const c of components.values()) {
    const manifest = c.metadata?.find((path) => path.endsWith('/package.json'));
    if (c.kind === 'npm' && manifest?.startsWith('/app/')) roles.set(parentOf(manifest), c.role);
  }
  const totals = computeDirTotals(loaded.manifest);
  dirBytes = (dir) => totals.get(dir)?.bytes ?? 0;
  report = await analyzeImageByName({ image: IMAGE, disposer });
}, 300_000);

afterAll(async () => {
  expect(await disposer.disposeAll()).toEqual([]);
});

describe('analyze and run agree on node-api dev dependencies', () => {
  it('names as direct dev dependencies only npm components run calls dev', () => {
    const direct = report.junk.filter((j) => j.kind === 'dev-dependency' && !j.path.endsWith('/*'));
    expect(direct.map((j) => j.path).sort()).toEqual(expect.arrayContaining(['/app/node_modules/eslint', '/app/node_modules/jest', '/app/node_modules/typescript']));
    for (const finding of direct) expect(roles.get(finding.path), finding.path).toBe('dev');
    expect(roles.get('/app/node_modules/express')).toBe('runtime');
  });

  it('counts the bytes of exactly run\'s dev components, each once', () => {
    const dev = [...roles].filter(([, role]) => role === 'dev').map(([dir]) => dir).sort();
    expect(dev.length).toBeGreaterThan(100);
    // Top-most dev dirs: a nested dev package is inside its parent's bytes.
    const topMost = dev.filter((dir) => !dev.some((other) => dir.startsWith(`${other}/`)));
    const expected = topMost.reduce((sum, dir) => sum + dirBytes(dir), 0);
    const found = report.junk.filter((j) => j.kind === 'dev-dependency').reduce((sum, j) => sum + j.bytes, 0);
    expect(found).toBe(expected);
    // And no runtime package lies inside what analyze calls dev.
    const runtime = [...roles].filter(([, role]) => role === 'runtime').map(([dir]) => dir);
    for (const dir of topMost) expect(runtime.filter((r) => r === dir || r.startsWith(`${dir}/`)), dir).toEqual([]);
  });
});
