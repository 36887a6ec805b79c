// The same run twice gives the same image id (timestamps come from the source, never the clock), so a
// re-run leaves no untagged image behind; SOURCE_DATE_EPOCH sets the timestamp instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { madeFrom, makeLane, removeLane, runArgs, type Lane } from './fault-lanes.js';
import { docker, imageId, removeTag } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const sandbox = useSandbox();
let lane: Lane;
const created = (ref: string) => docker(['image', 'inspect', '--format', '{{.Created}}', ref]);

beforeAll(async () => {
  // A private copy of static-web: every image made from it is this file's, so they can be counted.
  lane = await makeLane(sandbox, 'static-web');
});

afterAll(async () => {
  removeTag(`${lane.tag}-epoch`);
  removeLane(lane);
});

describe('deterministic images', () => {
  it('the same run twice gives the same image id, and the re-run leaves no untagged image', async () => {
    const first = await sandbox.spawn([...runArgs(lane), '--quiet']);
    expect(first.code, first.stderr).toBe(ExitCode.ok);
    const id = imageId(lane.tag);
    const second = await sandbox.spawn([...runArgs(lane), '--quiet']);
    expect(second.code, second.stderr).toBe(ExitCode.ok);
    expect(imageId(lane.tag)).toBe(id);
    expect(madeFrom(lane), 'images made from the source').toEqual([id]);
    expect(created(lane.tag)).toBe(created(lane.source));
    expect(await sandbox.leftoversOf(sandbox.pids)).toEqual({ containers: [], tempDirs: [] });
  }, 300_000);

  it('SOURCE_DATE_EPOCH sets the timestamp (and so another id)', async () => {
    const result = await sandbox.spawn(['run', lane.source, '--probe', lane.probe, '--tag', `${lane.tag}-epoch`, '--no-verify', '--quiet'], undefined, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    expect(created(`${lane.tag}-epoch`)).toBe('2023-11-14T22:13:20Z');
    expect(imageId(`${lane.tag}-epoch`)).not.toBe(imageId(lane.tag));
  }, 300_000);
});
