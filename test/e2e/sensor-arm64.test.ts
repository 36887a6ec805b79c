// The cross-compiled arm64 sensor: a static aarch64 ELF whose scan mode, run under qemu-user in a
// fixture container, writes byte for byte what the amd64 sensor writes for the same filesystem.
// qemu-user implements neither ptrace nor fanotify, so tracing on aarch64 is not tested here.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElf } from '../../src/plan/elf.js';
import { skipBecause } from '../helpers/skip-reason.js';
import { DOCKER } from './sensor-harness.js';
import { ROOT } from './run-harness.js';

const ARM64 = join(ROOT, 'build', 'minify-sensor-arm64');
const AMD64 = join(ROOT, 'build', 'minify-sensor-amd64');
const QEMU = '/usr/bin/qemu-aarch64';
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
/** A static aarch64 program placed in the image's filesystem, so the scan has one to describe. */
const ARM_PROGRAM = '/opt/arm64-program';

async function elfOf(path: string) {
  const parsed = parseElf(await readFile(path));
  if (parsed.kind !== 'elf') throw new Error(`${path} is not an ELF file`);
  return parsed.info;
}

describe.skipIf(skipBecause('arm64 sensor binary', [[!existsSync(ARM64), 'build/minify-sensor-arm64 is missing (make build cross-compiles it)']]))('arm64 sensor binary', () => {
  it('is a static 64-bit aarch64 ELF (no program interpreter, no shared libraries), as the amd64 one is for x86_64', async () => {
    expect(await elfOf(ARM64)).toMatchObject({ class: 64, machine: EM_AARCH64, needed: [] });
    expect((await elfOf(ARM64)).interpreter).toBeUndefined();
    expect(await elfOf(AMD64)).toMatchObject({ class: 64, machine: EM_X86_64, needed: [] });
  });
});

describe.skipIf(skipBecause('arm64 sensor under qemu-user', [[!existsSync(ARM64), 'build/minify-sensor-arm64 is missing (make build cross-compiles it)'], [!existsSync(QEMU), `${QEMU} is missing (apt-get install qemu-user)`]]))('arm64 sensor under qemu-user', () => {
  let work = '';
  let container = '';
  /** qemu-aarch64 with its shared libraries, run through its own loader: the fixture has none of them. */
  const underQemu = (...args: string[]) => ['/.minify/qemu/ld-linux-x86-64.so.2', '--library-path', '/.minify/qemu', '/.minify/qemu/qemu-aarch64', '/.minify/minify-sensor-arm64', ...args];
  const exec = async (argv: readonly string[]) => {
    const result = await execa(DOCKER, ['exec', container, ...argv], { reject: false, encoding: 'buffer', maxBuffer: 256 << 20 });
    return { exitCode: result.exitCode, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr).toString() };
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'minify-arm64-test-'));
    const qemuDir = join(work, '.minify', 'qemu');
    await mkdir(qemuDir, { recursive: true });
    await copyFile(QEMU, join(qemuDir, 'qemu-aarch64'));
    const ldd = await execa('ldd', [QEMU]);
    for (const lib of ldd.stdout.match(/\/\S+/g) ?? []) await copyFile(lib, join(qemuDir, lib.split('/').pop() ?? lib));
    await copyFile(AMD64, join(work, '.minify', 'minify-sensor'));
    await copyFile(ARM64, join(work, '.minify', 'minify-sensor-arm64'));
    await mkdir(join(work, 'opt'));
    await copyFile(ARM64, join(work, ARM_PROGRAM));
    await writeFile(join(work, '.minify', 'want'), `/etc/passwd\0${ARM_PROGRAM}\0/usr/lib/os-release\0`);
    const created = await execa(DOCKER, [
      'create', '--label', 'minify.run=test-arm64-sensor', '--network', 'none', '--user', '0:0',
      '--entrypoint', '/.minify/minify-sensor', 'minify-fixture/static-web:1.0', 'scan', '--idle',
    ]);
    container = created.stdout.trim();
    await execa(DOCKER, ['cp', join(work, '.minify'), `${container}:/`]);
    await execa(DOCKER, ['cp', join(work, 'opt', 'arm64-program'), `${container}:/opt/`]);
    await execa(DOCKER, ['start', container]);
  }, 60_000);

  afterAll(async () => {
    if (container) await execa(DOCKER, ['rm', '-f', '-v', container], { reject: false });
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('walks the image as the amd64 sensor does, and describes a static aarch64 ELF in it', async () => {
    const native = await exec(['/.minify/minify-sensor', 'scan', '--skip', '/.minify']);
    const emulated = await exec(underQemu('scan', '--skip', '/.minify'));
    expect(native.exitCode).toBe(0);
    expect(emulated.exitCode, emulated.stderr).toBe(0);
    const lines = emulated.stdout.toString('latin1').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.at(-1)).toMatch(/^\{"type":"end","entries":\d+,"errors":0\}$/);
    const program = lines.map((line) => JSON.parse(line) as { path?: string; elf?: { machine: number; interp?: string } }).find((entry) => entry.path === ARM_PROGRAM);
    expect(program?.elf?.machine).toBe(EM_AARCH64);
    expect(program?.elf?.interp).toBeUndefined();
    expect(emulated.stdout.equals(native.stdout)).toBe(true);
  }, 120_000);

  it('reads listed files as the amd64 sensor does', async () => {
    const native = await exec(['/.minify/minify-sensor', 'scan', '--read', '/.minify/want']);
    const emulated = await exec(underQemu('scan', '--read', '/.minify/want'));
    expect(emulated.exitCode, emulated.stderr).toBe(0);
    expect(emulated.stdout.toString()).toContain(`"path":"${ARM_PROGRAM}"`);
    expect(emulated.stdout.equals(native.stdout)).toBe(true);
  }, 60_000);

  it('fails cleanly where qemu-user lacks the syscall: exit 125 and a report saying why', async () => {
    const report = join(work, 'fanotify.jsonl');
    const fan = await execa(QEMU, [ARM64, '--mode', 'fanotify', '--report', report, '--', '/bin/true'], { reject: false });
    expect(fan.exitCode).toBe(125);
    const lines = (await readFile(report, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(lines.map((line) => line.type)).toEqual(['header', 'warning', 'end']);
    expect(lines[1]?.message).toContain('fanotify_init');
    const traced = await execa(QEMU, [ARM64, '--mode', 'ptrace', '--report', join(work, 'ptrace.jsonl'), '--', '/bin/true'], { reject: false });
    expect(traced.exitCode).toBe(125);
    expect(traced.stderr).toContain('ptrace(PTRACE_TRACEME)');
  });
});
