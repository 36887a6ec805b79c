// `--push`: the result tags of a successful run go to their registry, slim first, then debug; the
// first failure stops the rest. A run that failed (verification, a gate) pushes nothing.
import type { Engine } from '../engine/connect.js';
import { pushImage } from '../engine/push.js';
import { registryAuthFor } from '../engine/registry-auth.js';
import { describeFailure, ExitCode, MinifyError } from '../errors.js';
import { parseImageRef } from '../image/ref.js';
import type { Progress } from '../progress.js';
import type { PushedTag as PushResult } from '../report/run-report.js';

/** Why a run must not push, or undefined when it may: only a run that succeeded pushes. */
export function pushRefusal(run: { readonly verified: 'passed' | 'failed' | 'skipped'; readonly exitCode: number }): string | undefined {
  if (run.verified === 'failed') return 'not pushed: the slim image failed verification';
  if (run.exitCode !== ExitCode.ok) return 'not pushed: the run failed';
  return undefined;
}

/** Pushes `refs` in order; returns one result per ref and the failure line (with its hint) if one failed. */
export async function pushResultTags(
  engine: Engine,
  progress: Progress,
  targets: ReadonlyArray<{ readonly name: 'slim' | 'debug'; readonly ref: string }>,
): Promise<{ results: PushResult[]; failure?: string }> {
  const results: PushResult[] = [];
  for (const [index, { name, ref }] of targets.entries()) {
    const phase = progress.phase(name === 'slim' ? 'push' : `push ${name}`);
    try {
      const { digest } = await pushImage(engine, ref, await registryAuthFor(parseImageRef(ref).registry));
      phase.end();
      results.push({ ref, ok: true, ...(digest ? { digest } : {}) });
    } catch (error) {
      phase.end('failed');
      if (!(error instanceof MinifyError) || error.code !== ExitCode.pushFailed) throw error;
      results.push({ ref, ok: false, error: error.message });
      for (const skipped of targets.slice(index + 1)) results.push({ ref: skipped.ref, ok: false, error: `not pushed: the push of ${ref} failed` });
      return { results, failure: describeFailure(error).line.replace(/^minify: /, '') };
    }
  }
  return { results };
}

/** The push step of a run: nothing for a failed run (one line says so), else the tags in order. */
export async function pushRun(engine: Engine, progress: Progress, run: {
  readonly verified: 'passed' | 'failed' | 'skipped';
  readonly exitCode: number;
  readonly targets: ReadonlyArray<{ readonly name: 'slim' | 'debug'; readonly ref: string }>;
}): Promise<{ results: PushResult[]; failure?: string; exitCode: number }> {
  const refusal = pushRefusal(run);
  if (refusal) return { results: run.targets.map(({ ref }) => ({ ref, ok: false, error: refusal })), failure: refusal, exitCode: run.exitCode };
  const pushed = await pushResultTags(engine, progress, run.targets);
  return { ...pushed, exitCode: pushed.failure ? ExitCode.pushFailed : run.exitCode };
}
