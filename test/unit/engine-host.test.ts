// Where the engine runs and which host probes dial: unix socket, tcp, ssh, and the Docker CLI's contexts.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEngine, type Engine } from '../../src/engine/connect.js';
import { createContainer } from '../../src/engine/containers.js';
import { contextDockerOptions } from '../../src/engine/context-options.js';
import { currentContext } from '../../src/engine/docker-context.js';
import { engineHostOf } from '../../src/engine/engine-host.js';
import { MinifyError } from '../../src/errors.js';
import { createHttp } from '../../src/probes/http.js';
import { portHelpers } from '../../src/probes/ports.js';
import { notReadyError } from '../../src/trace/target.js';

describe('engineHostOf', () => {
  it('a unix socket (or nothing) is this machine: publish and dial 127.0.0.1', () => {
    for (const address of [undefined, '', 'unix:///var/run/docker.sock', 'unix:///run/user/1000/podman/podman.sock']) {
      expect(engineHostOf(address)).toMatchObject({ probeHost: '127.0.0.1', publishIp: '127.0.0.1', remote: false });
    }
    expect(engineHostOf(undefined).via).toBe('default');
    expect(engineHostOf('unix:///x.sock').via).toBe('DOCKER_HOST');
  });

  it('a loopback tcp or ssh host is this machine too', () => {
    for (const address of ['tcp://127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375', 'ssh://me@localhost', '127.0.0.1:2375', 'tcp://127.0.0.2:1']) {
      expect(engineHostOf(address)).toMatchObject({ probeHost: '127.0.0.1', publishIp: '127.0.0.1', remote: false });
    }
  });

  it('a remote tcp or ssh host: publish on all interfaces there and dial that host', () => {
    expect(engineHostOf('tcp://10.0.0.5:2376')).toMatchObject({ probeHost: '10.0.0.5', publishIp: '0.0.0.0', remote: true, address: 'tcp://10.0.0.5:2376' });
    expect(engineHostOf('ssh://deploy@build-box.example:2222')).toMatchObject({ probeHost: 'build-box.example', publishIp: '0.0.0.0', remote: true });
    expect(engineHostOf('docker:2375')).toMatchObject({ probeHost: 'docker', remote: true });
    expect(engineHostOf('tcp://[fd00::5]:2375')).toMatchObject({ probeHost: 'fd00::5', remote: true });
    expect(engineHostOf('tcp://10.0.0.5:2376', 'context ci').via).toBe('context ci');
  });

  it('a malformed address is an engine-connection error (exit 3) with a hint, not an internal error', () => {
    for (const address of ['tcp://[bad', 'tcp://', 'tcp://:2375', 'ssh://me@']) {
      expect(() => engineHostOf(address), address).toThrow(MinifyError);
      expect(() => engineHostOf(address), address).toThrow(expect.objectContaining({ code: 3, message: expect.stringContaining('DOCKER_HOST'), hint: expect.stringContaining('tcp://HOST:PORT') }));
    }
  });
});

describe('Docker contexts', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const setup = (contexts: Record<string, string>, config?: object) => {
    dir = mkdtempSync(join(tmpdir(), 'minify-ctx-'));
    const docker = join(dir, '.docker');
    mkdirSync(docker, { recursive: true });
    if (config) writeFileSync(join(docker, 'config.json'), JSON.stringify(config));
    for (const [name, host] of Object.entries(contexts)) {
      const meta = join(docker, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
      mkdirSync(meta, { recursive: true });
      writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
    }
    return docker;
  };

  it('DOCKER_CONTEXT picks a context, over the config\'s currentContext', async () => {
    setup({ remote: 'tcp://10.0.0.5:2375', other: 'ssh://me@box' }, { currentContext: 'other' });
    expect(await currentContext({ DOCKER_CONTEXT: 'remote' }, dir)).toMatchObject({ name: 'remote', host: 'tcp://10.0.0.5:2375' });
    expect(await currentContext({}, dir)).toMatchObject({ name: 'other', host: 'ssh://me@box' });
  });

  it('DOCKER_HOST wins over any context; "default" and no config mean no context', async () => {
    setup({ remote: 'tcp://10.0.0.5:2375' }, { currentContext: 'remote' });
    expect(await currentContext({ DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_CONTEXT: 'remote' }, dir)).toBeUndefined();
    expect(await currentContext({ DOCKER_CONTEXT: 'default' }, dir)).toBeUndefined();
    expect(await currentContext({}, join(dir, 'nowhere'))).toBeUndefined();
  });

  it('DOCKER_CONFIG names the config dir', async () => {
    const docker = setup({ ci: 'tcp://127.0.0.1:2999' }, { currentContext: 'ci' });
    expect(await currentContext({ DOCKER_CONFIG: docker }, '/nonexistent-home')).toMatchObject({ name: 'ci' });
  });

  it('a missing context is an error that names it', async () => {
    setup({}, { currentContext: 'gone' });
    const error = await currentContext({}, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinifyError);
    expect((error as MinifyError).message).toContain('"gone"');
    expect((error as MinifyError).code).toBe(3);
  });

  it('stored TLS files make the context https', async () => {
    const docker = setup({ tls: 'tcp://10.0.0.5' });
    const tlsDir = join(docker, 'contexts', 'tls', createHash('sha256').update('tls').digest('hex'), 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tlsDir, file), `${file}\n`);
    const context = await currentContext({ DOCKER_CONTEXT: 'tls' }, dir);
    expect(context?.tls?.ca?.toString()).toBe('ca.pem\n');
    expect(contextDockerOptions(context!, {})).toMatchObject({ protocol: 'https', host: '10.0.0.5', port: 2376 });
  });

  it('resolveEngine: dockerode options and the probe host from the context', async () => {
    setup({ box: 'ssh://deploy@10.0.0.7:2222', local: 'tcp://127.0.0.1:2999', sock: 'unix:///tmp/x.sock' });
    const ssh = await resolveEngine({ DOCKER_CONTEXT: 'box', SSH_AUTH_SOCK: '/tmp/agent' }, dir);
    expect(ssh.options).toMatchObject({ protocol: 'ssh', host: '10.0.0.7', port: '2222', username: 'deploy', sshOptions: { agent: '/tmp/agent' } });
    expect(ssh.host).toMatchObject({ via: 'context box', probeHost: '10.0.0.7', publishIp: '0.0.0.0', remote: true });
    const local = await resolveEngine({ DOCKER_CONTEXT: 'local' }, dir);
    expect(local.options).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: '2999' });
    expect(local.host).toMatchObject({ probeHost: '127.0.0.1', remote: false });
    expect((await resolveEngine({ DOCKER_CONTEXT: 'sock' }, dir)).options).toEqual({ socketPath: '/tmp/x.sock' });
    const env = await resolveEngine({ DOCKER_HOST: 'tcp://10.0.0.9:2375', DOCKER_CONTEXT: 'box' }, dir);
    expect(env.options).toBeUndefined();
    expect(env.host).toMatchObject({ via: 'DOCKER_HOST', probeHost: '10.0.0.9' });
  });
});

describe('publishing and dialing', () => {
  it('publishes on 0.0.0.0 for a remote engine, 127.0.0.1 for a local one', async () => {
    const created: unknown[] = [];
    const fake = (address: string): Engine => ({
      docker: { createContainer: async (spec: unknown) => { created.push(spec); return { id: 'c1' }; } } as never,
      host: engineHostOf(address),
    });
    await createContainer(fake('tcp://10.0.0.5:2375'), { image: 'x', runId: 'r', role: 'test', publish: ['80/tcp'] });
    await createContainer(fake('unix:///var/run/docker.sock'), { image: 'x', runId: 'r', role: 'test', publish: ['80/tcp'] });
    const ips = created.map((spec) => (spec as { HostConfig: { PortBindings: Record<string, Array<{ HostIp: string }>> } }).HostConfig.PortBindings['80/tcp']?.[0]?.HostIp);
    expect(ips).toEqual(['0.0.0.0', '127.0.0.1']);
  });

  it('ctx.url and ctx.host name the engine\'s host; absolute URLs elsewhere are refused', async () => {
    const helpers = portHelpers(new Map([[80, { host: '10.0.0.5', port: 32768 }]]));
    expect(helpers.host).toBe('10.0.0.5');
    expect(helpers.url(80, '/a')).toBe('http://10.0.0.5:32768/a');
    expect(portHelpers(new Map([[80, { host: 'fd00::5', port: 1 }]])).url(80)).toBe('http://[fd00::5]:1/');
    expect(portHelpers(new Map([[80, { port: 1 }]])).url(80)).toBe('http://127.0.0.1:1/');
    const http = createHttp({ host: '10.0.0.5', hostPort: () => 32768, defaultPort: () => 80, signal: new AbortController().signal });
    await expect(http.get('http://192.0.2.1:80/')).rejects.toThrow(/may only talk to 10\.0\.0\.5/);
    await expect(http.get('http://127.0.0.1:32768/')).rejects.toThrow(/may only talk to 10\.0\.0\.5/);
  });
});

describe('readiness against a remote engine', () => {
  it('names the host and the published port, not the app', () => {
    const engine = { docker: {} as never, host: engineHostOf('ssh://deploy@build-box.example') };
    const error = notReadyError([80], new Map([[80, { host: 'build-box.example', port: 32768 }]]), engine, 60_000);
    expect(error.message).toContain('build-box.example:32768 (container port 80) did not answer within 60s');
    expect(error.message).toContain('ssh://deploy@build-box.example');
    expect(error.hint).toContain("reach build-box.example's published ports");
    const local = notReadyError([80], new Map(), { docker: {} as never, host: engineHostOf(undefined) }, 5000);
    expect(local.message).toBe('port 80 did not open within 5s');
    expect(local.hint).toContain('listens on 0.0.0.0');
  });
});
