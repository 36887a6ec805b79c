// The probe module's public surface for the pipeline.
export { loadProbe } from './load.js';
export { runProbes, type RunProbesOptions } from './run.js';
export { crawlPortProbe } from './default-probe.js';
export { defaultProbes } from './default-probes.js';
export { hasUserProbes, loadProbeSet, type ProbeRequest } from './probe-set.js';
export type { ProbeSettings } from './settings.js';
export { execProbe } from './exec-probe.js';
export { createProbeContext, type ProbeTarget } from './context.js';
export { ProbeFailure, type Probe, type ProbeContext } from './types.js';
