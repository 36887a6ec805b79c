// Seeded, bounded fault injection on two small fixtures: SIGINT/SIGTERM at moments drawn across every
// phase of a run, kill -9 mid-trace and mid-verify (the next run sweeps what they left), and two runs
// on one tag at once, one failing verification. Every interrupted run must exit 130/143 and leave no
// container, image or temp dir; the source keeps its id and the good tag keeps its good image.
// MINIFY_FAULT_SEED replays a run (the seed is printed); MINIFY_FAULT_COUNT sets how many interrupts.
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { answers, GOOD_EXTRA, laneProblems, makeLane, removeLane, runArgs, stderrProblems, type Lane } from './fault-lanes.js';
import { drawShots, phaseSeconds, runningPhases, seededRandom, type Shot } from './fault-plan.js';
import { docker, imageId, type CliResult } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const SEED = Number(process.env.MINIFY_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Number(process.env.MINIFY_FAULT_COUNT ?? 30);

const sandbox = useSandbox();
let lanes: Lane[] = [];

beforeAll(async () => {
  process.stderr.write(`fault-injection: seed ${SEED}, ${COUNT} interrupts (replay: MINIFY_FAULT_SEED=${SEED})\n`);
  lanes = [await makeLane(sandbox, 'static-web'), await makeLane(sandbox, 'redis')];
  // The good runs: the image every later run on the lane's tag must leave in place.
  await Promise.all(lanes.map(async (lane) => {
    const started = Date.now();
    let firstLine = 0;
    const result = await sandbox.spawn(runArgs(lane, GOOD_EXTRA), (stderr) => {
      if (!firstLine && /^minify: .+\.\.\.$/m.test(stderr)) firstLine = Date.now() - started;
    });
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    lane.goodId = imageId(lane.tag) ?? '';
    lane.seconds = phaseSeconds(result.stderr);
    lane.firstLineMs = firstLine;
  }));
}, 300_000);

// Runs before useSandbox's own after hook, so the lanes go while the sandbox is still there.
afterAll(() => {
  for (const lane of lanes) removeLane(lane);
});

interface Outcome {
  readonly lane: string;
  readonly shot: Shot;
  readonly sent: boolean;
  /** The phases that were running when the signal went. */
  readonly during: string;
  readonly problems: string[];
}

/** How long after the anchor line to fire: a fraction of the phase's length in the good run. */
function delayMs(lane: Lane, shot: Shot): number {
  if (shot.anchor === 'start') return shot.fraction * lane.firstLineMs;
  // Verify is the last phase: fire in its first half so the run cannot end before the signal.
  const share = shot.anchor === 'verify' ? 0.5 : 0.9;
  return shot.fraction * share * 1000 * (lane.seconds.get(shot.anchor) ?? 1);
}

async function interrupt(lane: Lane, shot: Shot): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  let sent = false;
  let during = '';
  let stderrSoFar = '';
  const arm = (child: ChildProcess) => {
    timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      during = runningPhases(stderrSoFar);
      sent = child.kill(shot.signal);
    }, delayMs(lane, shot));
  };
  let pid = 0;
  const result = await sandbox.spawn(runArgs(lane), (stderr, child) => {
    stderrSoFar = stderr;
    if (!timer && shot.anchor !== 'start' && stderr.includes(`minify: ${shot.anchor}...`)) arm(child);
  }, {}, (child) => {
    pid = child.pid ?? 0;
    if (shot.anchor === 'start') arm(child);
  });
  clearTimeout(timer);
  if (!sent) return { lane: lane.name, shot, sent, during: 'ended first', problems: await adoptMissed(lane, result) };
  const want = shot.signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
  // A signal before minify's handlers exist (node still loading modules) kills it outright, which a
  // shell also reports as 128 + signal; it had made nothing yet, which the leftover checks confirm.
  const killedEarly = result.signal === shot.signal && during === 'start';
  const problems = [
    ...(result.code === want || killedEarly ? [] : [`exit ${result.code ?? result.signal}, want ${want}`]),
    ...(/interrupted by SIG/.test(result.stderr) || killedEarly ? [] : ['no "interrupted" line']),
    ...stderrProblems(result),
    ...(await laneProblems(sandbox, lane, [pid])),
  ];
  return { lane: lane.name, shot, sent, during, problems };
}

/** A run that ended before its signal moved the tag to a good image of its own: that is the good one now. */
async function adoptMissed(lane: Lane, result: CliResult): Promise<string[]> {
  if (result.code !== ExitCode.ok) return [`ended before the signal with exit ${result.code}: ${result.stderr.slice(-300)}`];
  const previous = lane.goodId;
  lane.goodId = imageId(lane.tag) ?? '';
  if (previous !== lane.goodId) docker(['rmi', previous]);
  return [];
}

/** Processes still running with the sandbox's TMPDIR: what a killed minify left on the host (e.g. a probe's process). */
async function sandboxProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`TMPDIR=${sandbox.tmp}`)) found.push(`${pid} ${(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim()}`);
  }
  return found;
}

describe('fault injection', () => {
  it(`${COUNT} SIGINT/SIGTERM at seeded moments across every phase: exit 130/143, nothing left, the good tag kept`, async () => {
    const random = seededRandom(SEED);
    const perLane = lanes.map((_, index) => Math.ceil((COUNT - index) / lanes.length));
    const outcomes: Outcome[] = [];
    // One lane per fixture, side by side: each lane's runs go one after another on its own tag.
    await Promise.all(lanes.map(async (lane, index) => {
      const shots = drawShots(random, perLane[index] ?? 0);
      for (let misses = 0; shots.length > 0;) {
        const shot = shots.shift() as Shot;
        const outcome = await interrupt(lane, shot);
        outcomes.push(outcome);
        if (!outcome.sent && ++misses <= 5) shots.push({ ...shot, fraction: shot.fraction / 2 });
      }
    }));
    const tried = outcomes.filter((outcome) => outcome.sent);
    const clean = tried.filter((outcome) => outcome.problems.length === 0);
    const during = new Map<string, number>();
    for (const outcome of tried) during.set(outcome.during, (during.get(outcome.during) ?? 0) + 1);
    process.stderr.write(`fault-injection: signals landed during ${[...during].map(([phase, n]) => `${phase} ${n}`).join(', ')}\n`);
    for (const outcome of outcomes.filter((o) => o.problems.length > 0)) {
      process.stderr.write(`fault-injection: ${outcome.lane} ${outcome.shot.signal} at ${outcome.shot.anchor}+${outcome.shot.fraction.toFixed(2)} (during ${outcome.during}): ${outcome.problems.join('; ')}\n`);
    }
    process.stderr.write(`interrupts: ${tried.length} tried, ${clean.length} clean (seed ${SEED})\n`);
    expect(outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.lane} ${o.shot.signal} during ${o.during}: ${o.problems.join('; ')}`)).toEqual([]);
    expect(tried.length).toBeGreaterThanOrEqual(COUNT);
    for (const lane of lanes) expect(await answers(lane), `${lane.tag} answers`).toBe(true);
  }, 1_200_000);

  it('kill -9 mid-trace and mid-verify: the next run sweeps what they left and gives the tag back', async () => {
    const lane = lanes[0] as Lane;
    const slow = await sandbox.probe('slow.ts', "export default async (ctx: any) => { ctx.log('fault: traced, waiting'); await new Promise((resolve) => setTimeout(resolve, 120_000)); };\n");
    const killedAt = (line: string, delay = 0) => (stderr: string, child: ChildProcess) => {
      if (stderr.includes(line) && child.exitCode === null && child.signalCode === null) setTimeout(() => child.kill('SIGKILL'), delay);
    };
    const pids: number[] = [];
    const mark = (child: ChildProcess) => void pids.push(child.pid ?? 0);

    const midTrace = await sandbox.spawn(['run', lane.source, '--probe', slow, '--tag', lane.tag], killedAt('fault: traced, waiting'), {}, mark);
    expect(midTrace.signal).toBe('SIGKILL');
    const running = docker(['ps', '--filter', `label=minify.pid=${pids[0]}`, '--filter', 'label=minify.role=trace', '--format', '{{.ID}}']);
    expect(running, 'the dead run\'s trace container still runs').not.toBe('');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await sandboxProcesses(), 'processes of the killed run').toEqual([]);

    const midVerify = await sandbox.spawn(runArgs(lane), killedAt('minify: verify...', 500), {}, mark);
    expect(midVerify.signal).toBe('SIGKILL');
    // On a quiet engine the line names containers and the tag too; another run on this host may sweep
    // those first, but the temp dirs live in this sandbox's TMPDIR, so the line is always there.
    expect(midVerify.stderr).toMatch(/^removed what \d+ dead runs? left on this host: .*\d+ temp dirs?/m);
    expect(imageId(lane.tag), 'the killed run had moved the tag onto its unverified image').not.toBe(lane.goodId);

    let swept = false;
    const next = await sandbox.spawn(runArgs(lane), (stderr, child) => {
      if (!swept && /^removed what .*$/m.test(stderr)) {
        swept = true;
        child.kill('SIGINT');
      }
    }, {}, mark);
    expect(next.stderr).toMatch(/^removed what \d+ dead runs? left on this host: .*\d+ temp dirs?/m);
    expect(next.code, next.stderr).toBe(ExitCode.interrupted);
    expect(await laneProblems(sandbox, lane, pids)).toEqual([]);
    expect(await answers(lane)).toBe(true);
  }, 300_000);

  it('two runs on one tag at once, one failing verification: the good tag survives', async () => {
    const lane = lanes[0] as Lane;
    const pids: number[] = [];
    const mark = (child: ChildProcess) => void pids.push(child.pid ?? 0);
    // The bad run queues behind the lock if the good one gets it first; the good one fails fast (exit 2) if not.
    const [bad, good] = await Promise.all([
      sandbox.spawn(runArgs(lane, ['--exclude', '/var/www/html/index.html', '--wait-lock']), undefined, {}, mark),
      sandbox.spawn(runArgs(lane, GOOD_EXTRA), undefined, {}, mark),
    ]);
    expect(bad.code, bad.stderr).toBe(ExitCode.verifyFailed);
    expect([ExitCode.ok, ExitCode.usage], good.stderr).toContain(good.code);
    if (good.code === ExitCode.usage) expect(good.stderr).toMatch(/tag .+ is being built by run [0-9a-f]{4}… \(pid \d+\)/);
    // A good re-run makes the very same image (deterministic), so the tag still names goodId either way.
    expect(await laneProblems(sandbox, lane, pids)).toEqual([]);
    expect([...stderrProblems(bad), ...stderrProblems(good)]).toEqual([]);
    expect(await answers(lane)).toBe(true);
  }, 300_000);
});
