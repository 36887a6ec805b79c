// --push credentials from the Docker CLI config: inline auths by registry host, Docker Hub's aliases,
// identity tokens, credential helpers (a real helper program on PATH), and an anonymous push.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { credentialHelper, inlineAuth, registryAuthFor, registryKey } from '../../src/engine/registry-auth.js';
import { pushHint } from '../../src/engine/push.js';
import { pushRefusal } from '../../src/pipeline/push-results.js';
import { useTempDirs } from './temp-dirs.js';

const tempDir = useTempDirs('registry-auth-test-');
async function dockerConfig(config: unknown): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('registry credentials', () => {
  it('keys registries by host[:port], with Docker Hub under one name', () => {
    expect(registryKey('https://index.docker.io/v1/')).toBe('index.docker.io');
    expect(registryKey('docker.io')).toBe('index.docker.io');
    expect(registryKey('http://127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(registryKey('Registry.Example.com/v2/')).toBe('registry.example.com');
  });

  it('decodes an inline auths entry for the tag\'s registry and no other', () => {
    const config = { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'h') }, 'reg.example:5000': { auth: basic('me', 'p:w') } } };
    expect(inlineAuth(config, 'reg.example:5000')).toEqual({ username: 'me', password: 'p:w', serveraddress: 'reg.example:5000' });
    expect(inlineAuth(config, undefined)).toMatchObject({ username: 'hub', password: 'h' });
    expect(inlineAuth(config, 'other.example')).toBeUndefined();
    expect(inlineAuth({ auths: { 'ghcr.io': { identitytoken: 'tok' } } }, 'ghcr.io')).toEqual({ identitytoken: 'tok', serveraddress: 'ghcr.io' });
  });

  it('names the registry\'s credential helper before the default store', () => {
    const config = { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } };
    expect(credentialHelper(config, 'gcr.io')).toBe('gcloud');
    expect(credentialHelper(config, 'ghcr.io')).toBe('desktop');
    expect(credentialHelper({}, 'ghcr.io')).toBeUndefined();
  });

  it('reads $DOCKER_CONFIG/config.json; no file means an anonymous push; a broken file is exit 16 with a hint', async () => {
    const dir = await dockerConfig({ auths: { '127.0.0.1:5000': { auth: basic('ci', 'secret') } } });
    await expect(registryAuthFor('127.0.0.1:5000', { DOCKER_CONFIG: dir })).resolves.toMatchObject({ username: 'ci', password: 'secret' });
    await expect(registryAuthFor('127.0.0.1:5001', { DOCKER_CONFIG: dir })).resolves.toEqual({});
    await expect(registryAuthFor('127.0.0.1:5000', { DOCKER_CONFIG: join(dir, 'none') })).resolves.toEqual({});
    const broken = await dockerConfig('{ not json');
    await expect(registryAuthFor('127.0.0.1:5000', { DOCKER_CONFIG: broken })).rejects.toMatchObject({ code: ExitCode.pushFailed, hint: expect.stringMatching(/DOCKER_CONFIG/) });
  });

  it('an empty DOCKER_CONFIG is unset, as for the Docker CLI: ~/.docker/config.json, not ./config.json', async () => {
    const home = await tempDir();
    await mkdir(join(home, '.docker'));
    await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'reg.example': { auth: basic('home', 'h') } } }));
    await expect(registryAuthFor('reg.example', { DOCKER_CONFIG: '' }, home)).resolves.toMatchObject({ username: 'home', password: 'h' });
    await expect(registryAuthFor('reg.example', {}, home)).resolves.toMatchObject({ username: 'home', password: 'h' });
  });

  it('asks a credential helper program as the Docker CLI does (server on stdin, JSON on stdout)', async () => {
    const dir = await dockerConfig({ credHelpers: { 'reg.example': 'minifytest' } });
    const helper = join(dir, 'docker-credential-minifytest');
    await writeFile(helper, '#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = reg.example ] || exit 1\necho \'{"ServerURL":"reg.example","Username":"bot","Secret":"s3"}\'\n');
    await chmod(helper, 0o755);
    const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH ?? ''}` };
    await expect(registryAuthFor('reg.example', env)).resolves.toEqual({ username: 'bot', password: 's3', serveraddress: 'reg.example' });
    // A helper whose answer is not JSON is the helper's fault, said as such (exit 16), not an internal error.
    const garbled = await dockerConfig({ credsStore: 'minifygarbled' });
    await writeFile(join(garbled, 'docker-credential-minifygarbled'), '#!/bin/sh\necho not json\n');
    await chmod(join(garbled, 'docker-credential-minifygarbled'), 0o755);
    await expect(registryAuthFor('reg.example', { DOCKER_CONFIG: garbled, PATH: `${garbled}:${process.env.PATH ?? ''}` }))
      .rejects.toMatchObject({ code: ExitCode.pushFailed, message: expect.stringMatching(/docker-credential-minifygarbled/), hint: expect.stringMatching(/helper/) });
    // A helper that knows nothing (exit 1) leaves the push anonymous.
    const other = await dockerConfig({ credsStore: 'minifytest' });
    await expect(registryAuthFor('else.example', { ...env, DOCKER_CONFIG: other })).resolves.toEqual({});
  });

  it('a credential helper missing from PATH is exit 16 naming it, as the Docker CLI refuses, not an anonymous push', async () => {
    for (const config of [{ credsStore: 'minifymissing' }, { credHelpers: { 'reg.example': 'minifymissing' } }]) {
      const dir = await dockerConfig(config);
      await expect(registryAuthFor('reg.example', { DOCKER_CONFIG: dir, PATH: dir })).rejects.toMatchObject({
        code: ExitCode.pushFailed, message: expect.stringMatching(/docker-credential-minifymissing.*not on PATH/), hint: expect.stringMatching(/install docker-credential-minifymissing/),
      });
    }
  });
});

describe('push decisions and hints', () => {
  it('pushes only a run that succeeded: never after a failed verification or gate', () => {
    expect(pushRefusal({ verified: 'passed', exitCode: ExitCode.ok })).toBeUndefined();
    expect(pushRefusal({ verified: 'skipped', exitCode: ExitCode.ok })).toBeUndefined();
    expect(pushRefusal({ verified: 'failed', exitCode: ExitCode.verifyFailed })).toMatch(/failed verification/);
    expect(pushRefusal({ verified: 'passed', exitCode: ExitCode.gateExceeded })).toMatch(/run failed/);
  });

  it('hints at what fits the engine\'s words', () => {
    expect(pushHint('Get "http://127.0.0.1:9/v2/": dial tcp 127.0.0.1:9: connect: connection refused', '127.0.0.1:9/a:1')).toMatch(/registry at 127\.0\.0\.1:9 up/);
    expect(pushHint('http: server gave HTTP response to HTTPS client', 'reg.example/a:1')).toMatch(/insecure-registries/);
    expect(pushHint('unauthorized: authentication required', 'reg.example/a:1')).toMatch(/docker login reg\.example/);
    expect(pushHint('denied: requested access to the resource is denied', 'a:1')).toMatch(/docker login docker\.io/);
    expect(pushHint('something else', 'reg.example/a:1')).toMatch(/docker push reg\.example\/a:1/);
  });
});
