// ctx.ports, ctx.hostPort and ctx.url from the published ports, shared by the context in minify and
// the one an isolated probe's process builds (which must stay light: no engine client).
import { ProbeFailure } from './types.js';

/** ctx.ports, ctx.hostPort and ctx.url from the published ports (also built inside an isolated probe's process). */
export function portHelpers(endpoints: ReadonlyMap<number, { readonly port: number }>) {
  const ports = [...endpoints.keys()].sort((a, b) => a - b);
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
  const url = (containerPort: number, path = '/'): string => `http://127.0.0.1:${hostPort(containerPort)}${path.startsWith('/') ? path : `/${path}`}`;
  return { ports, hostPort, defaultPort, url };
}
