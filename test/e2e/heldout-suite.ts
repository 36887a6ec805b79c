// The shared held-out suite: a fixture's check passes on the source image, passes on the slim image
// traced with the light probe and `--closure component`, and FAILS on the `--closure traced` one
// (so the check can fail). One minify run per closure; the failures are printed for the report.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { HeldOutCheck } from './checks/check-types.js';
import { describeOutcome, runCheckOn } from './checks/container-target.js';
import { ROOT } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

type Closure = 'component' | 'traced';
const RUN_MS = 600_000;

/** Whether this minify has `--closure` (built in parallel); without it today's plan is file-level, i.e. traced. */
const hasClosureFlag = (() => {
  const help = execFileSync(`${ROOT}/node_modules/.bin/tsx`, [`${ROOT}/src/cli/main.ts`, 'run', '--help']).toString();
  return /--closure\b/.test(help);
})();

function closureArgs(closure: Closure): string[] {
  return hasClosureFlag ? ['--closure', closure] : [];
}

export interface SuiteOptions {
  /** False for a fixture whose light probe already reaches every file the check needs (the
   * traced-only image passes too), so the traced half proves nothing and is not run. */
  readonly tracedFails?: boolean;
  /** What the component slim image is known to lack today: the component half is skipped with this
   * reason printed, until the planner keeps it (then delete the option and the half runs again). */
  readonly componentGap?: string;
}

export function heldOutSuite(check: HeldOutCheck, { tracedFails = true, componentGap }: SuiteOptions = {}): void {
  describe.sequential(`held-out check: ${check.fixture}`, () => {
    const tags: string[] = [];
    const sandbox = useSandbox({ tags });

    /** `minify run IMAGE --probe <light probe>` with a closure; the slim tag, verified by the light probe. */
    async function slimImage(closure: Closure): Promise<string> {
      const tag = `${check.image}-heldout-${closure}`;
      tags.push(tag);
      const result = await sandbox.spawn(['run', check.image, '--probe', check.probe, ...closureArgs(closure), '--tag', tag, '--quiet']);
      expect(result.code, `minify run --closure ${closure}: ${result.stderr}`).toBe(0);
      return tag;
    }

    it(`passes on the source image ${check.image}`, async () => {
      const outcome = await runCheckOn(check, check.image);
      expect(outcome.failed, describeOutcome(outcome)).toEqual([]);
    }, RUN_MS);

    const componentSkip = hasClosureFlag ? componentGap : 'this minify run has no --closure flag yet';
    it.skipIf(componentSkip !== undefined)(`passes on the slim image of ${check.probe} with --closure component`, async () => {
      const outcome = await runCheckOn(check, await slimImage('component'));
      expect(outcome.failed, describeOutcome(outcome)).toEqual([]);
    }, RUN_MS);
    if (componentSkip !== undefined) console.log(`heldout ${check.fixture}: component half skipped: ${componentSkip}`);

    if (tracedFails) it(`fails on the slim image of ${check.probe} with --closure traced`, async () => {
      const outcome = await runCheckOn(check, await slimImage('traced'));
      console.log(`heldout ${check.fixture}, --closure traced:\n${describeOutcome(outcome)}`);
      expect(outcome.failed.length, 'the held-out check must fail on the traced-only slim image').toBeGreaterThan(0);
    }, RUN_MS);
  });
}
