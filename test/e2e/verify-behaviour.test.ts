// The behaviour diff: the slim image must answer the trace probes' requests as the source did. It
// catches a 200 with another body (the app fell back from a file --exclude left out), and the default
// crawl catches an emptied web root that now answers 404 where the source answered 200.
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { imageId, removeTag } from './run-harness.js';
import { uniqueId, useSandbox } from './use-sandbox.js';
import { buildTestImage } from './verify-images.js';

const tag = uniqueId();
const APP = `minify-test/verify-greeting:${tag}`;
const WEB_SLIM = `minify-test/verify-empty-web:${tag}`;
const sandbox = useSandbox({ tags: [APP, `${APP}-slim`, WEB_SLIM] });

beforeAll(async () => {
  await buildTestImage(APP, sandbox.tmp, { '/etc/app/greeting.txt': 'hello from the config\n' }, []);
}, 60_000);

describe('behaviour diff', () => {
  it('a 200 with a different body fails verification (exit 10), naming the request', async () => {
    // The probe only checks the status: the diff against the source is what notices the fallback.
    const probe = await sandbox.probe('greeting.ts', `export default async (ctx: any) => { await ctx.http.get('/greeting', { expect: { status: 200 } }); };`);
    const result = await sandbox.spawn(['run', APP, '--probe', probe, '--exclude', '/etc/app/greeting.txt', '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(result.stderr).toMatch(/behaviour differs from the source: probe greeting\.ts: GET \/greeting on port 8080: the body differs/);
    expect(result.stderr).toContain('slim lacks /etc/app/greeting.txt (needed while probe greeting.ts ran)');
    expect(imageId(`${APP}-slim`)).toBeUndefined();
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 180_000);

  it('the same body passes: the diff is not noise', async () => {
    const probe = await sandbox.probe('greeting-ok.ts', `export default async (ctx: any) => { await ctx.http.get('/greeting', { expect: { status: 200 } }); };`);
    const result = await sandbox.spawn(['run', APP, '--probe', probe, '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    removeTag(`${APP}-slim`);
  }, 180_000);

  it('the default crawl fails on an emptied web root', async () => {
    const result = await sandbox.spawn(['run', 'minify-fixture/static-web:1.0', '--tag', WEB_SLIM, '--exclude', '/var/www/html/**', '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.verifyFailed);
    expect(result.stderr).toMatch(/behaviour differs from the source: probe \S+: GET \/ on port 80: status 4\d\d, the source answered 200/);
    expect(result.stderr).toMatch(/slim lacks \/var\/www\/html \(needed while probe \S+ ran\)/);
    expect(imageId(WEB_SLIM)).toBeUndefined();
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  }, 180_000);
});
