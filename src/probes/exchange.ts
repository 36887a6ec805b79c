// An HTTP exchange as the behaviour diff sees it: request line, status, content type and digests.
import { createHash } from 'node:crypto';
import type { HttpExchange, HttpResponse, VolatileFields } from './types.js';

export interface ExchangeInput {
  readonly url: string;
  /** The container port the request went to. */
  readonly port: number;
  readonly method: string;
  readonly sent?: string;
  readonly response: HttpResponse;
  readonly volatile?: true | VolatileFields;
}

export function exchangeOf(input: ExchangeInput): HttpExchange {
  const url = new URL(input.url);
  const jsonKeys = input.volatile === true ? [] : (input.volatile?.jsonKeys ?? []);
  return {
    port: input.port,
    method: input.method,
    path: url.pathname + url.search,
    sentDigest: input.sent === undefined ? '' : digest(input.sent),
    status: input.response.status,
    contentType: input.response.headers['content-type'] ?? '',
    bodyDigest: digest(jsonKeys.length > 0 ? withoutKeys(input.response.body, new Set(jsonKeys)) : input.response.body),
    ...(input.volatile ? { volatile: input.volatile } : {}),
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The JSON body with the volatile keys removed at every depth (a body that is not JSON stays as is). */
function withoutKeys(body: string, keys: ReadonlySet<string>): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.has(key)).map(([key, child]) => [key, strip(child)]));
  };
  return JSON.stringify(strip(value));
}
