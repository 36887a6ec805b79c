// What a run drives: a service with its probes (loaded now, so a bad probe fails before any
// container starts) or a job that runs to completion and has nothing to probe.
import { UsageError } from '../errors.js';
import { hasUserProbes, loadProbeSet, type ProbeSettings } from '../probes/index.js';
import type { ContainerRunOptions } from '../trace/container-options.js';
import type { RunWorkload } from './drive-target.js';

export interface WorkloadOptions {
  readonly probeFiles: readonly string[];
  readonly probeExecs: readonly string[];
  readonly probeSettings?: ProbeSettings;
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
    return { kind: 'service', probes, readyTimeoutMs: options.readyTimeoutMs, probeTimeoutMs: options.probeTimeoutMs, ...container };
  }
  if (hasUserProbes(probeRequest)) {
    throw new UsageError('--job runs the image to completion: there is no service for --probe, --probe-exec or --http-probe to drive', 'drop the probes, or drop --job for a service');
  }
  return { kind: 'job', timeoutMs: options.jobTimeoutMs, ...container };
}
