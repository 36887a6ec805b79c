// The probes minify runs when the user gives none: per published port, what it serves decides (see
// services/service-probe.ts): HTTP is crawled, and its OpenAPI document's operations called when it
// serves one; a known service gets its own probe, anything else a TCP connect. Decided once, on the
// source image, and kept for the slim one.
import { crawlPortProbe } from './default-probe.js';
import { findSpec, openapiProbe } from './openapi/probe.js';
import { detectService, serviceSteps, tcpSteps, type ServiceKind } from './services/service-probe.js';
import { DEFAULT_CRAWL, type CrawlLimits } from './settings.js';
import type { Probe, ProbeContext } from './types.js';

export function defaultProbes(limits: CrawlLimits = DEFAULT_CRAWL): Probe {
  // Per container port, the probe chosen on the first run; later runs reuse it (and its baseline).
  const chosen = new Map<number, readonly Probe[]>();
  const expand = async (ctx: ProbeContext): Promise<Probe[]> => {
    if (ctx.ports.length === 0) return [{ name: 'default', run: (inner) => inner.log('no published ports: nothing to probe') }];
    const probes: Probe[] = [];
    for (const port of ctx.ports) {
      const forPort = chosen.get(port) ?? (await probesFor(ctx, port, limits));
      chosen.set(port, forPort);
      probes.push(...forPort);
    }
    return probes;
  };
  return {
    name: 'default',
    expand,
    run: async (ctx) => {
      for (const probe of await expand(ctx)) await probe.run(ctx);
    },
  };
}

async function probesFor(ctx: ProbeContext, port: number, limits: CrawlLimits): Promise<Probe[]> {
  const kind = await detectService(ctx, port);
  if (kind !== 'http') return [serviceProbe(kind, port)];
  const spec = await findSpec(ctx, port);
  return [crawlPortProbe(port, limits), ...(spec ? [openapiProbe({ path: spec }, port)] : [])];
}

function serviceProbe(kind: ServiceKind, port: number): Probe {
  const steps = serviceSteps(kind) ?? tcpSteps;
  return {
    name: `${kind} :${port}`,
    run: (ctx) => steps({ host: ctx.host, port: ctx.hostPort(port) }, ctx.signal, (step, outcome) => ctx.record(step, outcome)),
  };
}
