// The behaviour diff: the slim image must answer each HTTP request a probe made as the source did
// (status, content type, body digest), except for the fields a probe marked volatile. Pure.
import type { HttpExchange, VolatileFields } from '../probes/types.js';

/** Per probe name, its exchanges in the order it made them. */
export type ExchangeLog = ReadonlyMap<string, readonly HttpExchange[]>;

/** One line per exchange the slim image answered differently; requests the source never saw are not compared. */
export function diffBehaviour(source: ExchangeLog, slim: ExchangeLog): string[] {
  const problems: string[] = [];
  for (const [probe, slimExchanges] of slim) {
    const byKey = groupByRequest(source.get(probe) ?? []);
    const seen = new Map<string, number>();
    for (const exchange of slimExchanges) {
      const key = requestKey(exchange);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const before = byKey.get(key)?.[occurrence];
      if (!before) continue;
      const difference = differenceOf(before, exchange);
      if (difference) problems.push(`probe ${probe}: ${exchange.method} ${exchange.path} on port ${exchange.port}: ${difference}`);
    }
  }
  return problems;
}

function requestKey(exchange: HttpExchange): string {
  return `${exchange.method} ${exchange.port} ${exchange.path} ${exchange.sentDigest}`;
}

function groupByRequest(exchanges: readonly HttpExchange[]): Map<string, HttpExchange[]> {
  const groups = new Map<string, HttpExchange[]>();
  for (const exchange of exchanges) {
    const key = requestKey(exchange);
    groups.set(key, [...(groups.get(key) ?? []), exchange]);
  }
  return groups;
}

function differenceOf(source: HttpExchange, slim: HttpExchange): string | undefined {
  const volatile = slim.volatile ?? source.volatile;
  if (volatile === true) return undefined;
  const fields: VolatileFields = volatile ?? {};
  const succeeded = (status: number) => status < 400;
  if (fields.status === 'success') {
    if (succeeded(source.status) && !succeeded(slim.status)) return `status ${slim.status}, the source answered ${source.status}`;
  } else if (source.status !== slim.status) {
    return `status ${slim.status}, the source answered ${source.status}`;
  }
  const ignored = new Set((fields.headers ?? []).map((name) => name.toLowerCase()));
  if (!ignored.has('content-type') && source.contentType !== slim.contentType) {
    return `content-type ${JSON.stringify(slim.contentType)}, the source answered ${JSON.stringify(source.contentType)}`;
  }
  if (!fields.body && source.bodyDigest !== slim.bodyDigest) {
    return `the body differs from the source's (status ${slim.status} on both; mark it { volatile: ... } if it may change)`;
  }
  return undefined;
}
