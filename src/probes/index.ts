// The probe module's public surface for the pipeline.
export { loadProbe } from './load.js';
export { runProbes, type RunProbesOptions } from './run.js';
export { defaultHttpProbe } from './default-probe.js';
export { execProbe } from './exec-probe.js';
export { createProbeContext, type ProbeTarget } from './context.js';
export { ProbeFailure, type Probe, type ProbeContext } from './types.js';
