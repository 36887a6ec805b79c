// --http-probe: the spec's grammar (method, path, JSON or @file body, status) and the probe it makes,
// run against a local server that echoes what it got.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { httpProbe, parseHttpProbe } from '../../src/probes/http-probe.js';
import { runProbes } from '../../src/probes/run.js';

describe('parseHttpProbe', () => {
  it('reads method, path and status', () => {
    expect(parseHttpProbe('GET /health 200')).toEqual({ method: 'GET', path: '/health', status: 200 });
    expect(parseHttpProbe('  delete   /items/1?x=y  204 ')).toEqual({ method: 'DELETE', path: '/items/1?x=y', status: 204 });
    expect(parseHttpProbe('GET /health')).toEqual({ method: 'GET', path: '/health' });
  });

  it('reads a JSON body, spaces and all, and an @file body', () => {
    expect(parseHttpProbe('POST /items {"name":"x"} 201')).toEqual({ method: 'POST', path: '/items', body: { json: '{"name":"x"}' }, status: 201 });
    expect(parseHttpProbe('PUT /items/1 { "name": "a b", "n": [1, 200] }')).toEqual({ method: 'PUT', path: '/items/1', body: { json: '{ "name": "a b", "n": [1, 200] }' } });
    expect(parseHttpProbe('POST /items @probes/item.json 201')).toEqual({ method: 'POST', path: '/items', body: { file: 'probes/item.json' }, status: 201 });
  });

  it.each([
    ['GET', /needs at least a method and a path/],
    ['FETCH /x 200', /unknown method "FETCH"/],
    ['GET health 200', /must start with \//],
    ['POST /items {name: x} 201', /the body is not JSON/],
    ['GET /items {"a":1} 200', /a GET request has no body/],
    ['POST /items @ 201', /@ needs a file name/],
    ['GET /x 999', /999 is not an HTTP status/],
  ])('refuses %s (exit 2)', (spec, message) => {
    let caught: unknown;
    try {
      parseHttpProbe(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MinifyError);
    expect((caught as MinifyError).code).toBe(ExitCode.usage);
    expect((caught as MinifyError).message).toMatch(message);
  });
});

describe('httpProbe', () => {
  let server: Server;
  let port: number;
  let dir: string;
  const seen: Array<{ method: string; url: string; type: string; body: string }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'minify-http-probe-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'] ?? '', body });
        res.statusCode = req.url === '/missing' ? 404 : req.method === 'POST' ? 201 : 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const target = () => ({ endpoints: new Map([[8080, { port }]]) });

  it('sends the method, path and body, and checks the status', async () => {
    const file = join(dir, 'item.json');
    await writeFile(file, '{"name":"from a file"}');
    const probes = [
      await httpProbe('POST /items {"name":"x"} 201'),
      await httpProbe(`POST /items @${file} 201`),
      await httpProbe('PATCH /items/1 {"n":1} 200', 8080),
      await httpProbe('GET /missing 404'),
      await httpProbe('GET /items 204'),
      await httpProbe('GET /missing'),
    ];
    seen.length = 0;
    const results = await runProbes(probes, target(), { log: () => {} });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['http: POST /items 201', true],
      [`http: POST /items @${file} 201`, true],
      ['http: PATCH /items/1 200', true],
      ['http: GET /missing 404', true],
      ['http: GET /items 204', false],
      ['http: GET /missing', false],
    ]);
    expect(results[4]?.error).toBe('GET /items: expected status 204, got 200');
    expect(results[5]?.error).toMatch(/GET \/missing: status 404 \(give the expected status/);
    expect(seen.slice(0, 3)).toEqual([
      { method: 'POST', url: '/items', type: 'application/json', body: '{"name":"x"}' },
      { method: 'POST', url: '/items', type: 'application/json', body: '{"name":"from a file"}' },
      { method: 'PATCH', url: '/items/1', type: 'application/json', body: '{"n":1}' },
    ]);
  });

  it('fails on a missing @file before anything runs (exit 4)', async () => {
    await expect(httpProbe(`POST /items @${join(dir, 'nope.json')} 201`)).rejects.toMatchObject({ code: ExitCode.notFound });
  });
});
