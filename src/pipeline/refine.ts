// The verify loop: verify the slim image under the sensor, turn what it looked for in vain (misses)
// into plan roots, rebuild and verify again, at most `maxRounds` times. A repaired image still has to
// pass every probe and the behaviour diff to be kept.
import { describeReason } from '../report/run-report.js';
import { planSlim } from '../plan/plan.js';
import type { ExtraRoot, PlanInput } from '../plan/types.js';
import { findMisses } from '../trace/misses.js';
import { displayPath } from '../image/paths.js';
import type { Miss, ProbeResult, SlimPlan } from '../types.js';
import { diffBehaviour, type ExchangeLog } from './behaviour-diff.js';
import type { BuiltImage } from './assemble-and-load.js';
import type { VerifyOutcome } from './verify-target.js';

/** What one repair round added to the plan, and the misses that made it. */
export interface RepairRound {
  readonly round: number;
  readonly because: readonly string[];
  readonly added: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
}

export interface RefineInput {
  readonly planInput: PlanInput;
  readonly plan: SlimPlan;
  /** Builds (round 0) or rebuilds (a repair round) the slim image under its tag. */
  readonly build: (plan: SlimPlan, round: number) => Promise<BuiltImage>;
  readonly verify: (image: BuiltImage, round: number) => Promise<VerifyOutcome>;
  /** What the source answered to the trace probes' requests. */
  readonly sourceExchanges: ExchangeLog;
  /** 0 with --no-repair. */
  readonly maxRounds: number;
}

export interface RefineOutcome {
  readonly plan: SlimPlan;
  readonly image: BuiltImage;
  /** The last round's probe results. */
  readonly results: readonly ProbeResult[];
  /** Every round's misses (each carries its round). */
  readonly misses: readonly Miss[];
  readonly repairs: readonly RepairRound[];
  /** The last round's behaviour differences. */
  readonly behaviour: readonly string[];
  readonly passed: boolean;
  /** The last round's misses, for the failure message. */
  readonly lastMisses: readonly Miss[];
}

export async function refine(input: RefineInput): Promise<RefineOutcome> {
  let plan = input.plan;
  let image = await input.build(plan, 0);
  const roots: ExtraRoot[] = [...(input.planInput.extraRoots ?? [])];
  const misses: Miss[] = [];
  const repairs: RepairRound[] = [];
  for (let round = 0; ; round++) {
    const outcome = await input.verify(image, round);
    const found = findMisses({ checkpoints: outcome.checkpoints, source: input.planInput.manifest, round });
    misses.push(...found);
    const behaviour = diffBehaviour(input.sourceExchanges, outcome.exchanges);
    const passed = outcome.results.every((result) => result.ok) && behaviour.length === 0;
    const done = { plan, image, results: outcome.results, misses, repairs, behaviour, passed, lastMisses: found };
    if (passed || round >= input.maxRounds || found.length === 0) return done;
    roots.push(...found.map((miss): ExtraRoot => ({
      path: miss.path,
      reason: { kind: 'repair', round: round + 1, phase: miss.phase, ...(miss.probe === undefined ? {} : { probe: miss.probe }) },
    })));
    const next = planSlim({ ...input.planInput, extraRoots: roots });
    const added = [...next.keep].filter(([path]) => !plan.keep.has(path));
    // Nothing new to keep (each miss excluded or never-kept): another round would fail alike.
    if (added.length === 0) return done;
    repairs.push({
      round: round + 1,
      because: found.map(describeMiss),
      added: added.map(([path, reason]) => ({ path: displayPath(path), reason: describeReason(reason) })),
    });
    plan = next;
    image = await input.build(plan, round + 1);
  }
}

/** `/usr/lib/…/IBM850.so (needed while probe verify.ts ran)`. */
export function describeMiss(miss: Miss): string {
  const when = miss.probe !== undefined
    ? `while probe ${miss.probe} ran`
    : miss.phase === 'start' ? 'while it started' : 'after the last probe';
  return `${displayPath(miss.path)} (needed ${when})`;
}
