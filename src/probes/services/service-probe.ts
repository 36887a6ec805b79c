// The probe minify picks for each published port when the user gives none: a port named by its
// service (6379, 5432, 3306, 11211) is tried as that service first, any port is then recognised by
// what it answers (HTTP, a MySQL greeting, RESP, memcached, a PostgreSQL SSLRequest); HTTP gets the
// crawl, a service its own probe, anything else a TCP connect. The choice is made once, on the source,
// and kept for the slim image, so verification cannot pass by falling back to a weaker probe.
import { portAnswers } from '../../trace/port-ready.js';
import type { ProbeContext } from '../types.js';
import { memcachedSteps, speaksMemcached } from './memcached.js';
import { mysqlSteps, speaksMysql } from './mysql.js';
import { postgresSteps, speaksPostgres } from './postgres.js';
import { redisSteps, speaksRedis } from './redis.js';
import type { Address } from './wire.js';

/** A service probe's work on one published port; `record` adds a step and its outcome to the report. */
export type ServiceSteps = (at: Address, signal: AbortSignal, record: (step: string, outcome: string) => void) => Promise<void>;

export type ServiceKind = 'http' | 'redis' | 'postgres' | 'mysql' | 'memcached' | 'tcp';

interface Service {
  readonly kind: Exclude<ServiceKind, 'http' | 'tcp'>;
  readonly port: number;
  readonly speaks: (at: Address, signal: AbortSignal) => Promise<boolean>;
  readonly steps: ServiceSteps;
}

const SERVICES: readonly Service[] = [
  { kind: 'mysql', port: 3306, speaks: speaksMysql, steps: mysqlSteps },
  { kind: 'redis', port: 6379, speaks: speaksRedis, steps: redisSteps },
  { kind: 'memcached', port: 11211, speaks: speaksMemcached, steps: memcachedSteps },
  { kind: 'postgres', port: 5432, speaks: speaksPostgres, steps: postgresSteps },
];

export function serviceSteps(kind: ServiceKind): ServiceSteps | undefined {
  return SERVICES.find((service) => service.kind === kind)?.steps;
}

/** What a published port speaks; HTTP is asked after the services that talk first (MySQL greets). */
export async function detectService(ctx: ProbeContext, containerPort: number): Promise<ServiceKind> {
  const at = { host: ctx.host, port: ctx.hostPort(containerPort) };
  const named = SERVICES.find((service) => service.port === containerPort);
  if (named && (await named.speaks(at, ctx.signal))) return named.kind;
  if (await speaksMysql(at, ctx.signal)) return 'mysql';
  if (await speaksHttp(ctx, containerPort)) return 'http';
  for (const service of SERVICES) {
    if (service !== named && service.kind !== 'mysql' && (await service.speaks(at, ctx.signal))) return service.kind;
  }
  return 'tcp';
}

async function speaksHttp(ctx: ProbeContext, containerPort: number): Promise<boolean> {
  try {
    await ctx.http.get('/', { port: containerPort, timeoutMs: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** The last resort: the port accepts a connection that stays open. */
export const tcpSteps: ServiceSteps = async (at, _signal, record) => {
  if (!(await portAnswers(at.port, 300, at.host))) throw new Error(`port answers neither a known protocol nor a TCP connection`);
  record('tcp connect', 'the connection stays open');
};
