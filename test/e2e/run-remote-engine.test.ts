// `minify run` against an engine reached over tcp (a proxy on 127.0.0.1 to the engine's socket), by
// DOCKER_HOST and by a Docker context (DOCKER_CONTEXT, and the CLI config's currentContext): every
// engine call goes through that address, and the report names the host the probes dialed.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { startEngineProxy, type EngineProxy } from './engine-proxy.js';
import { uniqueId, useSandbox } from './use-sandbox.js';

const SOURCE = 'minify-fixture/static-web:1.0';
const id = uniqueId();
const tags = { host: `minify-test/reach-tcp:${id}`, context: `minify-test/reach-ctx:${id}`, current: `minify-test/reach-cur:${id}` };
const sandbox = useSandbox({ tags: Object.values(tags) });
let proxy: EngineProxy;

/** A HOME with a Docker CLI config whose context `minify-proxy` points at the proxy. */
async function dockerHome(name: string, config: object): Promise<string> {
  const home = join(sandbox.tmp, name);
  const meta = join(home, '.docker', 'contexts', 'meta', createHash('sha256').update('minify-proxy').digest('hex'));
  await mkdir(meta, { recursive: true });
  await writeFile(join(meta, 'meta.json'), JSON.stringify({
    Name: 'minify-proxy', Metadata: { Description: 'minify e2e' }, Endpoints: { docker: { Host: proxy.address, SkipTLSVerify: false } },
  }));
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify(config));
  return home;
}

/** Engine calls a run made through the proxy, between two snapshots of its request log. */
const madeThrough = (from: number) => proxy.requests.slice(from).map((line) => line.replace(/^(\w+) \/v[\d.]+\//, '$1 /').replace(/\?.*$/, ''));

beforeAll(async () => {
  proxy = await startEngineProxy();
});

afterAll(async () => {
  await proxy?.close();
});

describe('remote engines (tcp proxy on 127.0.0.1)', () => {
  it('DOCKER_HOST=tcp://127.0.0.1:PORT: trace, probes and verify go through it', async () => {
    const before = proxy.requests.length;
    const result = await sandbox.spawn(['run', SOURCE, '--tag', tags.host, '--json'], undefined, { DOCKER_HOST: proxy.address, DOCKER_CONTEXT: undefined });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.engine).toEqual({ address: proxy.address, via: 'DOCKER_HOST', probeHost: '127.0.0.1', remote: false });
    expect(report.verified).toBe('passed');
    expect(report.probes.trace.every((probe) => probe.ok)).toBe(true);
    const calls = madeThrough(before);
    expect(calls).toContain('POST /containers/create');
    // The image is read by the in-container scan (docker exec) through it, with no docker save.
    expect(calls.some((call) => /^POST \/exec\/.+\/start/.test(call))).toBe(true);
    expect(calls.some((call) => /^GET \/images\/.+\/get/.test(call))).toBe(false);
    expect(calls.some((call) => call.startsWith('POST /images/load'))).toBe(true);
    expect(report.slim?.ref).toBe(tags.host);
  });

  it('a Docker context chosen by DOCKER_CONTEXT', async () => {
    const home = await dockerHome('home-env', {});
    const before = proxy.requests.length;
    const result = await sandbox.spawn(['run', SOURCE, '--tag', tags.context, '--json', '--no-verify'], undefined, {
      HOME: home, DOCKER_CONFIG: undefined, DOCKER_HOST: undefined, DOCKER_CONTEXT: 'minify-proxy',
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.engine).toMatchObject({ address: proxy.address, via: 'context minify-proxy', probeHost: '127.0.0.1' });
    expect(report.probes.trace.every((probe) => probe.ok)).toBe(true);
    expect(madeThrough(before)).toContain('POST /containers/create');
  });

  it('the CLI config\'s currentContext, and a missing context is an error that names it', async () => {
    const home = await dockerHome('home-current', { currentContext: 'minify-proxy' });
    const before = proxy.requests.length;
    const env = { HOME: home, DOCKER_CONFIG: undefined, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined };
    const result = await sandbox.spawn(['run', SOURCE, '--tag', tags.current, '--json', '--no-verify'], undefined, env);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as RunReport).engine).toMatchObject({ via: 'context minify-proxy', address: proxy.address });
    expect(madeThrough(before)).toContain('POST /containers/create');

    const missing = await sandbox.spawn(['run', SOURCE, '--tag', tags.current, '--json'], undefined, { ...env, DOCKER_CONTEXT: 'no-such-context' });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('"no-such-context"');
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
