// `minify run --http-probe` on node-api: probes without code drive the trace (the lazily required
// route's files are kept) and verify the slim image; a status that does not match fails with exit 7.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { useSandbox } from './use-sandbox.js';

const IMAGE = 'minify-fixture/node-api:1.0';
const TAG = 'minify-e2e/http-probe:slim';
const sandbox = useSandbox({ tags: [TAG] });

describe('--http-probe', () => {
  it('drives node-api with every form of the spec, and the slim image passes them', async () => {
    const body = await sandbox.probe('body.json', '{"from":"a file"}');
    const reportPath = join(sandbox.tmp, 'report.json');
    const result = await sandbox.spawn([
      'run', IMAGE, '--tag', TAG, '--report', reportPath, '--http-port', '3000',
      '--http-probe', 'GET /health 200',
      '--http-probe', 'GET /report',
      '--http-probe', 'POST /items {"name":"x y"} 404',
      '--http-probe', `PUT /items/1 @${body} 404`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    const names = ['http: GET /health 200', 'http: GET /report', 'http: POST /items 404', `http: PUT /items/1 @${body} 404`];
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual(names.map((name) => [name, true]));
    expect(report.probes.verify?.map((p) => [p.name, p.ok])).toEqual(names.map((name) => [name, true]));
    const kept = new Set(report.kept.map((k) => k.path));
    expect(kept.has('/app/lib/report.js')).toBe(true);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('a status that does not match fails the trace (exit 7); a bad spec is exit 2 before anything starts', async () => {
    const failed = await sandbox.spawn(['run', IMAGE, '--tag', TAG, '--http-probe', 'GET /health 201']);
    expect(failed.code, failed.stderr).toBe(7);
    expect(failed.stderr).toContain('probe http: GET /health 201 failed against the source image');
    expect(failed.stderr).toContain('expected status 201, got 200');
    const bad = await sandbox.spawn(['run', IMAGE, '--tag', TAG, '--http-probe', 'POST /items {oops} 201']);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/^minify: --http-probe .* the body is not JSON/m);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
