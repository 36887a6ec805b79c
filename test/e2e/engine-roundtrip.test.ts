// Engine round trips against the real engine: inspect, not-found, labels, put/get archive, exec, sweep.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../src/engine/connect.js';
import { inspectImage } from '../../src/engine/images.js';
import {
  createContainer, execInContainer, getArchive, putArchive, removeLabelled, startContainer, inspectContainer,
} from '../../src/engine/containers.js';
import { readOneFile, tarOneFile } from '../../src/engine/archive-file.js';
import { ExitCode, MinifyError } from '../../src/errors.js';

const BASE = 'minify-fixture/base:bookworm';
const runId = `test-${randomUUID().slice(0, 8)}`;

function leftovers(id: string): string {
  return execFileSync('/usr/bin/docker', ['ps', '-aq', '--filter', `label=minify.run=${id}`]).toString().trim();
}

afterEach(async () => {
  const engine = await connectEngine();
  await removeLabelled(engine, runId);
  expect(leftovers(runId)).toBe('');
});

describe('engine', () => {
  it('inspects an image and reports a missing one as notFound', async () => {
    const engine = await connectEngine();
    const info = await inspectImage(engine, BASE);
    expect(info.id).toMatch(/^sha256:/);
    expect(info.repoTags).toContain(BASE);
    const missing = await inspectImage(engine, 'minify-fixture/no-such-image:0').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MinifyError);
    expect((missing as MinifyError).code).toBe(ExitCode.notFound);
  });

  it('fails with engineUnavailable when DOCKER_HOST points nowhere', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    try {
      const error = await connectEngine({ timeoutMs: 2000 }).catch((e: unknown) => e);
      expect((error as MinifyError).code).toBe(ExitCode.engineUnavailable);
      expect((error as MinifyError).hint).toContain('DOCKER_HOST');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('creates a labelled container, copies a file in and out, execs, and sweeps it', async () => {
    const engine = await connectEngine();
    const id = await createContainer(engine, { image: BASE, runId, role: 'test', entrypoint: ['sleep', '300'] });
    expect(leftovers(runId)).toContain(id.slice(0, 12));
    await putArchive(engine, id, tarOneFile('.minify/hello.txt', Buffer.from('hi there\n'), 0o755));
    await startContainer(engine, id);
    expect((await inspectContainer(engine, id)).running).toBe(true);
    const tar = await getArchive(engine, id, '/.minify/hello.txt');
    expect((await readOneFile(tar!))?.toString()).toBe('hi there\n');
    expect(await getArchive(engine, id, '/.minify/nope')).toBeUndefined();
    const big = await getArchive(engine, id, '/.minify/hello.txt');
    await expect(readOneFile(big!, 3)).rejects.toThrow(/cap/);
    const ls = await execInContainer(engine, id, ['ls', '-l', '/.minify/hello.txt']);
    expect(ls.exitCode).toBe(0);
    expect(ls.stdout).toMatch(/^-rwxr-xr-x/);
    const bad = await execInContainer(engine, id, ['ls', '/nope']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('nope');
    expect(await removeLabelled(engine, runId)).toBe(1);
  });
});
