// `minify run` with no probe at all: redis gets the RESP probe and its slim image passes a held-out
// check (SET/GET, expiry, persistence across a restart, with the host's redis-cli); static-web gets
// the crawl, whose robots.txt, favicon, sitemap pages and 404 page are kept, and excluding one of
// them fails verification; node-api serves an OpenAPI document, every operation of which is called,
// so the lazily required routes' files are kept.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/report/run-report.js';
import { docker } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const REDIS_TAG = 'minify-e2e/default-redis:slim';
const WEB_TAG = 'minify-e2e/default-web:slim';
const API_TAG = 'minify-e2e/default-api:slim';
const sandbox = useSandbox({ tags: [REDIS_TAG, WEB_TAG, API_TAG] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The held-out redis check: never run by a probe; the host's redis-cli against the image run as a user would. */
async function redisCheck(image: string): Promise<string[]> {
  const id = docker(['run', '-d', '--label', 'minify.test=heldout', '-p', '127.0.0.1::6379', image]);
  const cli = (...args: string[]): string => {
    const port = docker(['port', id, '6379/tcp']).split('\n')[0]?.split(':').pop() ?? '';
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', port, ...args], { timeout: 10_000 }).toString().trim();
  };
  const untilUp = async () => {
    for (let i = 0; i < 80; i++) {
      try {
        if (cli('PING') === 'PONG') return;
      } catch { /* starting */ }
      await sleep(250);
    }
    throw new Error('redis never answered PING');
  };
  try {
    await untilUp();
    const answers = [cli('SET', 'heldout:k', 'v1'), cli('GET', 'heldout:k'), cli('SET', 'heldout:short', 'x', 'PX', '300')];
    await sleep(800);
    answers.push(cli('EXISTS', 'heldout:short'), cli('RPUSH', 'heldout:list', 'a', 'b'), cli('SAVE'));
    docker(['restart', '--time', '5', id]);
    await untilUp();
    answers.push(cli('GET', 'heldout:k'), cli('LRANGE', 'heldout:list', '0', '-1'));
    return answers;
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

describe('minify run with no probe', () => {
  it('redis: the RESP probe runs, and the slim image passes the held-out check', async () => {
    const reportPath = join(sandbox.tmp, 'redis.json');
    const result = await sandbox.spawn(['run', 'minify-fixture/redis:1.0', '--tag', REDIS_TAG, '--report', reportPath]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['redis :6379', true]]);
    expect(report.probes.trace[0]?.steps?.[0]).toEqual({ step: 'PING', outcome: 'PONG' });
    expect(result.stdout).toMatch(/ok {3}redis :6379 \(.*5 steps in the report\)/);
    const expected = ['OK', 'v1', 'OK', '0', '2', 'OK', 'v1', 'a\nb'];
    expect(await redisCheck('minify-fixture/redis:1.0')).toEqual(expected);
    expect(await redisCheck(REDIS_TAG)).toEqual(expected);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('static-web: the crawl fetches and keeps robots.txt, favicon, the sitemap pages and the 404 page; excluding one fails verify', async () => {
    const reportPath = join(sandbox.tmp, 'web.json');
    const result = await sandbox.spawn(['run', 'minify-fixture/static-web:1.0', '--tag', WEB_TAG, '--report', reportPath]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['crawl :80', true]]);
    const kept = new Set(report.kept.map((k) => k.path));
    for (const file of ['robots.txt', 'favicon.ico', 'sitemap.xml', 'offers/spring.html', '404.html', '.well-known/security.txt', 'site.webmanifest', 'img/icon-192.png']) {
      expect(kept.has(`/var/www/html/${file}`), file).toBe(true);
    }

    const excluded = await sandbox.spawn(['run', 'minify-fixture/static-web:1.0', '--tag', WEB_TAG, '--exclude', '/var/www/html/robots.txt']);
    expect(excluded.code, excluded.stderr).toBe(ExitCode.verifyFailed);
    expect(excluded.stderr).toContain('GET /robots.txt: 404, was 200 on the source');
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('node-api: the crawl and every operation of its OpenAPI document; the lazy routes\' files are kept', async () => {
    const reportPath = join(sandbox.tmp, 'api.json');
    const result = await sandbox.spawn(['run', 'minify-fixture/node-api:1.0', '--tag', API_TAG, '--report', reportPath]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    expect(report.probes.trace.map((p) => [p.name, p.ok])).toEqual([['crawl :3000', true], ['openapi /openapi.json :3000', true]]);
    expect(report.probes.verify?.map((p) => p.ok)).toEqual([true, true]);
    const operations = report.probes.trace[1]?.steps?.map((s) => `${s.step} ${s.outcome}`);
    expect(operations).toEqual([
      'GET / 200', 'GET /health 200', 'GET /gzip 200', 'GET /hash?s=minify 200', 'GET /report 200', 'GET /spawn 200', 'POST /text 200',
      'GET /slug?s=Gr%C3%BC%C3%9Fe+aus+K%C3%B6ln+%26+mehr 200', 'GET /git-version 200', 'GET /banner 200', 'GET /openapi.json 200',
    ]);
    const kept = new Set(report.kept.map((k) => k.path));
    expect(kept.has('/app/lib/slug.js')).toBe(true);
    expect(kept.has('/app/lib/report.js')).toBe(true);
    expect([...kept].some((p) => p.startsWith('/app/node_modules/slugify/'))).toBe(true);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
