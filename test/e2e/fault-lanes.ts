// A lane of the fault-injection suite: a private copy of a small fixture (its own image id, so the
// slim images made from it are ours alone), one result tag with a good image on it, and the checks
// that say an interrupted run on that tag left nothing behind.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RespClient } from './checks/resp.js';
import { docker, fetchFromImage, imageId, imageTags, removeTag, type CliResult, type Sandbox } from './run-harness.js';

export interface Lane {
  readonly name: string;
  readonly source: string;
  readonly tag: string;
  readonly probe: string;
  readonly port: number;
  sourceId: string;
  sourceTags: string;
  /** The image the tag names: made by the lane's good run; every interrupted run must leave it there. */
  goodId: string;
  /** How long each phase took in the good run, and when its first phase line came. */
  seconds: Map<string, number>;
  firstLineMs: number;
}

const FIXTURES = {
  'static-web': { fixture: 'minify-fixture/static-web:1.0', probe: 'probes/static-web-root.ts', port: 80 },
  redis: { fixture: 'minify-fixture/redis:1.0', probe: 'probes/redis.ts', port: 6379 },
} as const;

/** The good run keeps /fault-marker, interrupted runs do not: their image differs from the good one. */
export const GOOD_EXTRA = ['--include', '/fault-marker'];

/** A copy of the fixture with a marker file, under a unique name (the fixture itself is never touched). */
export async function makeLane(sandbox: Sandbox, name: keyof typeof FIXTURES): Promise<Lane> {
  const { fixture, probe, port } = FIXTURES[name];
  const unique = randomUUID().slice(0, 8);
  const source = `minify-test/${name}-fault:${unique}`;
  const marker = join(sandbox.tmp, `marker-${name}`);
  await writeFile(marker, `fault-injection ${unique}\n`);
  const container = docker(['create', fixture]);
  try {
    docker(['cp', marker, `${container}:/fault-marker`]);
    docker(['commit', '--change', `LABEL minify.test.fault=${unique}`, container, source]);
  } finally {
    docker(['rm', '-f', '-v', container]);
  }
  const sourceId = imageId(source) ?? '';
  return { name, source, tag: `minify-test/${name}-fault:${unique}-slim`, probe, port, sourceId, sourceTags: imageTags(source), goodId: '', seconds: new Map(), firstLineMs: 0 };
}

/** A run on the lane's tag; `--grace-period 0` keeps runs short (the app need not idle after its probe). */
export function runArgs(lane: Lane, extra: readonly string[] = []): string[] {
  return ['run', lane.source, '--probe', lane.probe, '--tag', lane.tag, '--grace-period', '0', ...extra];
}

/** Ids of every image made from the lane's source (tagged or not). */
export function madeFrom(lane: Lane): string[] {
  const rows = docker(['images', '--no-trunc', '--format', '{{.ID}}', '--filter', `label=minify.source.id=${lane.sourceId}`]);
  return [...new Set(rows.split('\n').filter(Boolean))].sort();
}

/** What a run on this lane left that it should not have; [] when it is clean. */
export async function laneProblems(sandbox: Sandbox, lane: Lane, pids: readonly number[]): Promise<string[]> {
  const problems: string[] = [];
  const left = await sandbox.leftoversOf(new Set(pids));
  if (left.containers.length > 0) problems.push(`containers left: ${left.containers.join(' ')}`);
  if (left.tempDirs.length > 0) problems.push(`temp dirs left: ${left.tempDirs.join(' ')}`);
  const tagged = imageId(lane.tag);
  if (tagged !== lane.goodId) problems.push(`${lane.tag} names ${tagged ?? 'nothing'}, not the good image ${lane.goodId}`);
  const images = madeFrom(lane);
  if (images.join() !== lane.goodId) problems.push(`images made from the source: ${images.join(' ') || 'none'} (want only ${lane.goodId})`);
  if (imageTags(lane.source) !== lane.sourceTags) problems.push(`source changed: ${imageTags(lane.source)} (was ${lane.sourceTags})`);
  return problems;
}

/** What the stderr of an interrupted run should never show. */
export function stderrProblems(result: CliResult): string[] {
  const problems: string[] = [];
  if (/^\s+at \S/m.test(result.stderr)) problems.push('a stack trace');
  if (/internal error/i.test(result.stderr)) problems.push('"internal error"');
  if (/cleanup failed/.test(result.stderr)) problems.push(result.stderr.match(/minify: cleanup failed.*/)?.[0] ?? 'cleanup failed');
  return problems;
}

/** Runs the tag's image as a user would and asks it something: the good image must answer. */
export async function answers(lane: Lane): Promise<boolean> {
  if (lane.port === 80) {
    const [home] = await fetchFromImage(lane.tag, 80, ['/']);
    return home?.status === 200 && home.body.includes('minify static-web fixture');
  }
  const id = docker(['run', '-d', '--label', 'minify.test=serve', '-p', `127.0.0.1::${lane.port}`, lane.tag]);
  try {
    const hostPort = Number(docker(['port', id, `${lane.port}/tcp`]).split('\n')[0]?.split(':').pop());
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const redis = await RespClient.connect(hostPort);
        try {
          return (await redis.command('PING')) === 'PONG';
        } finally {
          redis.close();
        }
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

export function removeLane(lane: Lane): void {
  removeTag(lane.tag);
  for (const id of madeFrom(lane)) docker(['rmi', '-f', id]);
  removeTag(lane.source);
}
