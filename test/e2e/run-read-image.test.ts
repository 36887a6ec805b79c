// `minify run --read-image`: the default scan reads the source with no `docker save` (the engine's
// event log has no save of it), copies the kept files out of the scan container (no copy container is
// created), and gives the same slim image (same id: same layer bytes, same config) as `--read-image save`.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOST_LABEL, PID_LABEL, ROLE_LABEL } from '../../src/engine/owner.js';
import type { RunReport } from '../../src/report/run-report.js';
import { docker } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

// An image id of its own (a label on static-web), so another run's `docker save` of a fixture is not counted.
const IMAGE = 'minify-test/perfscan-read:1.0';
// The web root under a VOLUME: the scan reads the image's files beneath it, not a volume's copy.
const VOLUME_IMAGE = 'minify-test/perfscan-read-volume:1.0';
const sandbox = useSandbox({ tags: [IMAGE, VOLUME_IMAGE].flatMap((image) => [`${image}-perfscan-scan`, `${image}-perfscan-save`, image]) });

beforeAll(async () => {
  execFileSync('/usr/bin/docker', ['build', '-q', '-t', IMAGE, '-'], { input: 'FROM minify-fixture/static-web:1.0\nLABEL minify.test=perfscan-read\n' });
  execFileSync('/usr/bin/docker', ['build', '-q', '-t', VOLUME_IMAGE, '-'], { input: `FROM ${IMAGE}\nVOLUME /var/www/html\n` });
});

/** The engine's `save` events of `image` since `since` (unix seconds). */
function saves(image: string, since: number): string[] {
  const until = Math.floor(Date.now() / 1000) + 1;
  const id = docker(['image', 'inspect', '-f', '{{.Id}}', image]);
  const out = docker(['events', '--since', String(since), '--until', String(until), '--filter', 'type=image', '--filter', 'event=save', '--format', '{{.ID}}']);
  return out.split('\n').filter((line) => line === id);
}

/** The roles of the containers the minify process `pid` created since `since`. */
function rolesCreated(pid: number, since: number): string[] {
  const until = Math.floor(Date.now() / 1000) + 1;
  const out = docker(['events', '--since', String(since), '--until', String(until), '--filter', 'type=container', '--filter', 'event=create',
    '--filter', `label=${PID_LABEL}=${pid}`, '--filter', `label=${HOST_LABEL}=${hostname()}`, '--format', `{{index .Actor.Attributes "${ROLE_LABEL}"}}`]);
  return out.split('\n').filter(Boolean).sort();
}

async function run(how: 'scan' | 'save', image = IMAGE): Promise<{ report: RunReport; saves: string[]; roles: string[]; stderr: string }> {
  const since = Math.floor(Date.now() / 1000) - 1;
  let pid = -1;
  const result = await sandbox.spawn(['run', image, '--probe', 'probes/static-web.ts', '--tag', `${image}-perfscan-${how}`, '--read-image', how, '--json'], undefined, {}, (child) => (pid = child.pid ?? -1));
  expect(result.code, result.stderr).toBe(0);
  return { report: JSON.parse(result.stdout) as RunReport, saves: saves(image, since), roles: rolesCreated(pid, since), stderr: result.stderr };
}

describe('--read-image', () => {
  it('scan reads an image whose web root is a VOLUME without docker save, and the slim image is the one save gives', async () => {
    const scanned = await run('scan', VOLUME_IMAGE);
    expect(scanned.stderr).not.toMatch(/reading it with docker save/);
    expect(scanned.saves).toEqual([]);
    expect(scanned.roles).not.toContain('copy');
    const saved = await run('save', VOLUME_IMAGE);
    expect(scanned.report.slim?.id).toBeDefined();
    expect(scanned.report.slim?.id).toBe(saved.report.slim?.id);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });

  it('scan reads the image without docker save, and the slim image is the one save gives', async () => {
    const scanned = await run('scan');
    expect(scanned.saves).toEqual([]);
    expect(scanned.stderr).not.toMatch(/reading it with docker save/);
    // The kept files come out of the scan container: no copy container of its own.
    expect(scanned.roles).toContain('scan');
    expect(scanned.roles).not.toContain('copy');
    const saved = await run('save');
    expect(saved.saves.length).toBeGreaterThan(0);
    expect(scanned.report.slim?.id).toBeDefined();
    expect(scanned.report.slim?.id).toBe(saved.report.slim?.id);
    expect(await sandbox.leftovers()).toEqual({ containers: [], volumes: [], tempDirs: [] });
  });
});
