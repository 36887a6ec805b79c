// What a run drives: a service with its probes (loaded now, so a bad probe fails before any
// container starts) or a job that runs to completion and has nothing to probe.
import { UsageError } from '../errors.js';
import { execProbe, hasUserProbes, loadProbe, loadProbeSet, type Probe, type ProbeSettings } from '../probes/index.js';
import type { ContainerRunOptions } from '../trace/container-options.js';
import type { RunWorkload } from './drive-target.js';

export interface WorkloadOptions {
  readonly probeFiles: readonly string[];
  readonly probeExecs: readonly string[];
  /** Held out from the trace: run only against the slim image, after the trace probes. */
  readonly verifyProbeFiles: readonly string[];
  readonly verifyProbeExecs: readonly string[];
  readonly probeSettings?: ProbeSettings;
  /** How long a service must keep running after its last probe. */
  readonly graceMs: number;
  readonly readyTimeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly jobTimeoutMs?: number;
  readonly container?: ContainerRunOptions;
}

export async function workloadOf(options: WorkloadOptions): Promise<RunWorkload> {
  const container = options.container ? { container: options.container.options } : {};
  const probeRequest = { files: options.probeFiles, execs: options.probeExecs, ...(options.probeSettings ? { settings: options.probeSettings } : {}) };
  if (options.jobTimeoutMs === undefined) {
    const probes = await loadProbeSet(probeRequest);
    const verifyProbes = await loadVerifyProbes(options);
    return {
      kind: 'service', probes, verifyProbes, readyTimeoutMs: options.readyTimeoutMs, probeTimeoutMs: options.probeTimeoutMs, graceMs: options.graceMs, ...container,
    };
  }
  if (hasUserProbes(probeRequest) || options.verifyProbeFiles.length > 0 || options.verifyProbeExecs.length > 0) {
    throw new UsageError('--job runs the image to completion: there is no service for --probe, --probe-exec, --http-probe or --verify-probe to drive', 'drop the probes, or drop --job for a service');
  }
  return { kind: 'job', timeoutMs: options.jobTimeoutMs, ...container };
}

/** The held-out probes; none means none (no default crawl: the trace probes already ran on the slim image). */
async function loadVerifyProbes(options: WorkloadOptions): Promise<Probe[]> {
  const probes: Probe[] = [];
  for (const file of options.verifyProbeFiles) probes.push(await loadProbe(file));
  for (const command of options.verifyProbeExecs) probes.push(execProbe(command));
  return probes;
}
