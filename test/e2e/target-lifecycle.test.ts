// The target runner against the real engine: ready/snapshot/stop with the sensor, a port that never
// opens, an app that exits while we wait; no container survives any test.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Disposer } from '../../src/cleanup.js';
import { connectEngine, type Engine } from '../../src/engine/connect.js';
import { removeImage } from '../../src/engine/images.js';
import { removeLabelled } from '../../src/engine/containers.js';
import { ExitCode, MinifyError } from '../../src/errors.js';
import { startTarget } from '../../src/trace/target.js';
import { sensorBinaryPath } from '../../src/pipeline/sensor-binary.js';
import { commitImage, docker } from './run-harness.js';

const runId = `test-${randomUUID().slice(0, 8)}`;
const silentImage = `minify-test/silent:${runId}`;
const crashImage = `minify-test/crash:${runId}`;
let engine: Engine;
let disposer: Disposer;

beforeAll(async () => {
  engine = await connectEngine();
  commitImage(silentImage, ['EXPOSE 9999', 'CMD ["sleep","300"]']);
  commitImage(crashImage, ['EXPOSE 9999', 'CMD ["sh","-c","echo boom-from-app; exit 3"]']);
});
afterAll(async () => {
  await removeImage(engine, silentImage);
  await removeImage(engine, crashImage);
});
afterEach(async () => {
  const failures = await disposer.disposeAll();
  await removeLabelled(engine, runId);
  expect(failures).toEqual([]);
  expect(docker(['ps', '-aq', '--filter', `label=minify.run=${runId}`])).toBe('');
});

describe('startTarget', () => {
  it('runs node-api with the sensor: ready, snapshot, stop, report', async () => {
    disposer = new Disposer();
    const session = await startTarget({
      engine, image: 'minify-fixture/node-api:1.0', runId, disposer,
      sensor: { binaryPath: sensorBinaryPath(), mode: 'both' },
    });
    const endpoint = session.endpoints.get(3000);
    expect(endpoint?.host).toBe('127.0.0.1');
    await session.waitReady();
    const health = await fetch(`http://127.0.0.1:${endpoint!.port}/health`);
    expect(await health.json()).toEqual({ ok: true });
    const snapshot = await session.snapshotReport();
    expect(snapshot.mode).toBe('both');
    expect(snapshot.events.some((e) => e.path.endsWith('/server.js'))).toBe(true);
    expect(await session.isRunning()).toBe(true);
    const final = await session.stopAndCollect();
    expect(final?.events.length).toBeGreaterThanOrEqual(snapshot.events.length);
    expect(await session.isRunning()).toBe(false);
    await session.remove();
    await session.remove();
    expect(docker(['ps', '-aq', '--filter', `label=minify.run=${runId}`])).toBe('');
  });

  it.each(['ptrace', 'fanotify'] as const)('traces node-api in %s mode with only its capability (no seccomp change)', async (mode) => {
    disposer = new Disposer();
    const session = await startTarget({
      engine, image: 'minify-fixture/node-api:1.0', runId, disposer, sensor: { binaryPath: sensorBinaryPath(), mode },
    });
    const caps = docker(['inspect', '--format', '{{json .HostConfig.CapAdd}} {{json .HostConfig.SecurityOpt}} {{.Config.User}}', session.containerId]);
    expect(caps).toBe(`["${mode === 'ptrace' ? 'SYS_PTRACE' : 'SYS_ADMIN'}"] [] 0`);
    await session.waitReady();
    const spawn = await fetch(`http://127.0.0.1:${session.endpoints.get(3000)!.port}/spawn`);
    expect(spawn.status).toBe(200);
    const report = await session.stopAndCollect();
    expect(report?.mode).toBe(mode);
    expect(report?.warnings.filter((w) => !w.includes('no_new_privs'))).toEqual([]);
    if (mode === 'ptrace') expect(report?.execs.map((e) => e.path)).toContain('/bin/ls');
    else expect(report?.events.some((e) => e.op === 'fanotify-exec')).toBe(true);
  });

  it('gives up on a port that never opens, with a bounded wait and a clear error', async () => {
    disposer = new Disposer();
    const session = await startTarget({ engine, image: silentImage, runId, disposer, readyTimeoutMs: 1500 });
    const started = Date.now();
    const error = await session.waitReady().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(error).toBeInstanceOf(MinifyError);
    expect((error as MinifyError).code).toBe(ExitCode.notReady);
    expect((error as MinifyError).message).toBe('port 9999 did not open within 2s');
  });

  it('stops waiting as soon as the run is interrupted', async () => {
    disposer = new Disposer();
    const abort = new AbortController();
    const session = await startTarget({ engine, image: silentImage, runId, disposer, readyTimeoutMs: 30_000, signal: abort.signal });
    setTimeout(() => abort.abort(new Error('interrupted by SIGINT')), 300);
    const started = Date.now();
    await expect(session.waitReady()).rejects.toThrow('interrupted by SIGINT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails fast with the logs when the app exits while we wait', async () => {
    disposer = new Disposer();
    const session = await startTarget({ engine, image: crashImage, runId, disposer, readyTimeoutMs: 30_000 });
    const started = Date.now();
    const error = await session.waitReady().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((error as MinifyError).code).toBe(ExitCode.appExited);
    expect((error as MinifyError).message).toContain('exited with code 3');
    expect((error as MinifyError).message).toContain('boom-from-app');
  });
});
