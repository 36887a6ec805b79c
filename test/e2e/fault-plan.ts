// The fault-injection suite's schedule: a seeded PRNG draws, per interrupt, the phase line to wait
// for, how far into that phase to fire, and the signal; and reads back from a run's stderr which
// phases were running when the signal went.

/** mulberry32: small, seedable, the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What a run goes through, in order; 'start' is the spawn itself (module load, engine, sweep, lock). */
export const PHASES = ['start', 'read image', 'trace', 'plan', 'assemble', 'load', 'verify'] as const;
export type Anchor = (typeof PHASES)[number];

/** Early phases are cheap to interrupt: after one of each, the rest are drawn with these weights. */
const WEIGHTS: Record<Anchor, number> = { start: 4, 'read image': 3, trace: 3, plan: 1, assemble: 1, load: 1, verify: 1 };

export interface Shot {
  readonly anchor: Anchor;
  /** Where in the anchor phase's usual length to fire, 0..1. */
  readonly fraction: number;
  readonly signal: 'SIGINT' | 'SIGTERM';
}

/** `count` shots: every phase once (in a seeded order), then weighted draws. */
export function drawShots(random: () => number, count: number): Shot[] {
  const cover = [...PHASES].sort(() => random() - 0.5);
  const total = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  const weighted = (): Anchor => {
    let pick = random() * total;
    for (const phase of PHASES) {
      pick -= WEIGHTS[phase];
      if (pick < 0) return phase;
    }
    return 'start';
  };
  return Array.from({ length: count }, (_, index) => ({
    anchor: index < cover.length ? (cover[index] ?? 'start') : weighted(),
    fraction: random(),
    signal: random() < 0.5 ? 'SIGINT' : 'SIGTERM',
  }));
}

/** Phases a run's stderr has started and not yet finished ('start' before the first, 'report' after the last). */
export function runningPhases(stderr: string): string {
  const started = [...stderr.matchAll(/^minify: (.+)\.\.\.$/gm)].map((match) => match[1] ?? '');
  const done = new Set([...stderr.matchAll(/^minify: (.+) done in /gm)].map((match) => match[1] ?? ''));
  if (started.length === 0) return 'start';
  const running = started.filter((phase) => !done.has(phase));
  return running.length > 0 ? running.join('+') : 'report';
}

/** Seconds each phase took in a run's stderr (`minify: trace done in 6.7s`). */
export function phaseSeconds(stderr: string): Map<string, number> {
  return new Map([...stderr.matchAll(/^minify: (.+) done in ([0-9.]+)s/gm)].map((match) => [match[1] ?? '', Number(match[2])]));
}
