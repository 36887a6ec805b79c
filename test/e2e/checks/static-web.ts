// Held-out check for minify-fixture/static-web:1.0: every file of the fixture's site/ dir, fetched
// and compared byte for byte, the directory indexes, and the custom 404 page for a missing path.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CheckTarget, HeldOutCheck } from './check-types.js';
import { request, same, StepRecorder, untilReady } from './steps.js';

const PORT = 80;
const SITE = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'static-web', 'site');

/** Every file under site/, dot-dirs (.well-known) included, as URL paths. */
function sitePaths(dir = SITE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sitePaths(join(dir, entry.name)) : [`/${relative(SITE, join(dir, entry.name))}`]).sort();
}

async function expectBody(target: CheckTarget, urlPath: string, file: string, status = 200): Promise<void> {
  const answer = await request(target.url(PORT, urlPath));
  same(`${urlPath} status`, answer.status, status);
  const expected = readFileSync(join(SITE, file));
  if (!answer.bytes.equals(expected)) throw new Error(`${urlPath}: body differs from site${file} (${answer.bytes.length} bytes, expected ${expected.length})`);
}

async function run(target: CheckTarget) {
  const rec = new StepRecorder();
  for (const path of sitePaths()) await rec.step(`GET ${path}`, () => expectBody(target, path, path));
  await rec.step('GET / and /docs/ serve the directory index', async () => {
    await expectBody(target, '/', '/index.html');
    await expectBody(target, '/docs/', '/docs/index.html');
  });
  await rec.step('a missing path gets the custom 404 page', () => expectBody(target, '/no/such/page-heldout.html', '/404.html', 404));
  return rec.steps;
}

export const staticWebCheck: HeldOutCheck = {
  fixture: 'static-web',
  image: 'minify-fixture/static-web:1.0',
  port: PORT,
  probe: 'probes/static-web-root.ts',
  ready: (target, signal) => untilReady(signal, async () => void (await request(target.url(PORT, '/')))),
  run,
};
