// ctx.http: requests (GET, POST, any method) to the target's published ports only (on 127.0.0.1, or a
// remote engine's host), with status/body/JSON expectations.
import { isDeepStrictEqual } from 'node:util';
import { exchangeOf } from './exchange.js';
import { urlHost } from './ports.js';
import { ProbeFailure, type HttpExchange, type HttpExpect, type HttpPostOptions, type HttpResponse, type ProbeHttp } from './types.js';

export interface HttpTarget {
  /** The host the ports are published on. */
  readonly host: string;
  /** container port → host port */
  readonly hostPort: (containerPort: number) => number;
  readonly defaultPort: () => number;
  readonly signal: AbortSignal;
  readonly record?: (exchange: HttpExchange) => void;
  /** host port → container port, so exchanges are named by the port the app listens on (host ports change per run). */
  readonly containerPortOf?: (hostPort: number) => number | undefined;
}

export function createHttp(target: HttpTarget): ProbeHttp {
  const request = async (method: string, pathOrUrl: string, options: HttpPostOptions = {}): Promise<HttpResponse> => {
    const url = resolveUrl(pathOrUrl, target.host, () => target.hostPort(options.port ?? target.defaultPort()));
    const label = `${method} ${pathOrUrl}`;
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (typeof options.body !== 'string') headers['content-type'] ??= 'application/json';
    }
    const signals = [target.signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)];
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.any(signals) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ProbeFailure(`${label}: request failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const result = httpResponse(label, { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text() });
    if (target.record) {
      const hostPort = Number(new URL(url).port);
      const port = target.containerPortOf?.(hostPort) ?? hostPort;
      target.record(exchangeOf({ url, port, method, sent: body, response: result, ...(options.volatile ? { volatile: options.volatile } : {}) }));
    }
    if (options.expect) check(label, result, options.expect);
    return result;
  };
  return {
    get: (pathOrUrl, options) => request('GET', pathOrUrl, options),
    post: (pathOrUrl, options) => request('POST', pathOrUrl, options),
    request: (method, pathOrUrl, options) => request(method.toUpperCase(), pathOrUrl, options),
  };
}

/** A response with its json() (also rebuilt inside an isolated probe's process from the plain fields). */
export function httpResponse(label: string, fields: Omit<HttpResponse, 'json'>): HttpResponse {
  return {
    ...fields,
    json<T>() {
      try {
        return JSON.parse(fields.body) as T;
      } catch {
        throw new ProbeFailure(`${label}: body is not JSON: ${clip(fields.body)}`);
      }
    },
  };
}

function resolveUrl(pathOrUrl: string, host: string, hostPort: () => number): string {
  if (/^[a-z]+:\/\//i.test(pathOrUrl)) {
    const url = new URL(pathOrUrl);
    // A remote engine's target is on its host: 127.0.0.1 would be this machine, not the target.
    const allowed = new Set(host === '127.0.0.1' ? ['127.0.0.1', 'localhost'] : [urlHost(host)]);
    if (!allowed.has(url.hostname)) {
      throw new ProbeFailure(`${pathOrUrl}: probes may only talk to ${host} (the target's published ports)`);
    }
    return url.href;
  }
  const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
  return `http://${urlHost(host)}:${hostPort()}${path}`;
}

function check(label: string, response: HttpResponse, expect: HttpExpect): void {
  if (expect.status !== undefined && response.status !== expect.status) {
    throw new ProbeFailure(`${label}: expected status ${expect.status}, got ${response.status}`);
  }
  if (expect.contains !== undefined && !response.body.includes(expect.contains)) {
    throw new ProbeFailure(`${label}: expected the body to contain ${JSON.stringify(expect.contains)}, got ${clip(response.body)}`);
  }
  if (expect.json !== undefined) {
    const value = response.json<Record<string, unknown>>();
    for (const [key, want] of Object.entries(expect.json)) {
      const got = value !== null && typeof value === 'object' ? value[key] : undefined;
      if (!isDeepStrictEqual(got, want)) {
        throw new ProbeFailure(`${label}: expected JSON ${key}=${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
    }
  }
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}
