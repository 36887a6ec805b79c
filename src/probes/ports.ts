// ctx.ports, ctx.host, ctx.hostPort and ctx.url from the published ports, shared by the context in
// minify and the one an isolated probe's process builds (which must stay light: no engine client).
import { ProbeFailure } from './types.js';

/** Where a published port is reached: 127.0.0.1, or a remote engine's host. */
export interface PublishedPort {
  readonly host?: string;
  readonly port: number;
}

/** ctx.ports, ctx.host, ctx.hostPort and ctx.url from the published ports (also built inside an isolated probe's process). */
export function portHelpers(endpoints: ReadonlyMap<number, PublishedPort>) {
  const ports = [...endpoints.keys()].sort((a, b) => a - b);
  // Every port of a target is published on the same host (the engine's).
  const host = [...endpoints.values()][0]?.host ?? '127.0.0.1';
  const hostPort = (containerPort: number): number => {
    const endpoint = endpoints.get(containerPort);
    if (!endpoint) throw new ProbeFailure(`port ${containerPort} is not published by the image (published: ${ports.join(', ') || 'none'})`);
    return endpoint.port;
  };
  const defaultPort = (): number => {
    const first = ports[0];
    if (first === undefined) throw new ProbeFailure('the image publishes no port to talk to');
    return first;
  };
  const url = (containerPort: number, path = '/'): string => `http://${urlHost(host)}:${hostPort(containerPort)}${path.startsWith('/') ? path : `/${path}`}`;
  return { ports, host, hostPort, defaultPort, url };
}

/** An IPv6 address goes in brackets in a URL. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
