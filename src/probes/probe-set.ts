// The probes of a run, loaded before any container starts so a bad one fails fast: probe files,
// --probe-exec commands and --http-probe specs, or, when none is given, the default probes.
import { defaultProbes } from './default-probes.js';
import { execProbe } from './exec-probe.js';
import { httpProbe } from './http-probe.js';
import { loadProbe } from './load.js';
import { openapiProbe, openapiSource } from './openapi/probe.js';
import { DEFAULT_PROBE_SETTINGS, type ProbeSettings } from './settings.js';
import type { Probe } from './types.js';

export interface ProbeRequest {
  readonly files: readonly string[];
  readonly execs: readonly string[];
  readonly settings?: ProbeSettings;
}

export async function loadProbeSet(request: ProbeRequest): Promise<Probe[]> {
  const settings = request.settings ?? DEFAULT_PROBE_SETTINGS;
  const probes: Probe[] = [];
  for (const file of request.files) probes.push(await loadProbe(file));
  for (const command of request.execs) probes.push(execProbe(command));
  for (const spec of settings.httpProbes) probes.push(await httpProbe(spec, settings.httpPort));
  if (settings.openapi !== undefined) probes.push(openapiProbe(await openapiSource(settings.openapi), settings.httpPort));
  return probes.length > 0 ? probes : [defaultProbes(settings.crawl)];
}

/** True when the user gave probes of any kind (a --job has nothing for them to drive). */
export function hasUserProbes(request: ProbeRequest): boolean {
  return request.files.length > 0 || request.execs.length > 0 || (request.settings?.httpProbes.length ?? 0) > 0 || request.settings?.openapi !== undefined;
}
