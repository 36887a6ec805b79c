// A TCP listener on 127.0.0.1 that forwards to the engine's unix socket: a "tcp engine" for the
// remote-engine tests. It counts connections and records the request lines that went through it.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface EngineProxy {
  readonly port: number;
  readonly address: string;
  connections: number;
  /** `POST /v1.41/containers/create` … as seen on the wire (API version prefix kept). */
  readonly requests: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\n)(GET|POST|PUT|DELETE|HEAD) (\/\S*) HTTP\/1\.[01]\r\n/g;

export async function startEngineProxy(socketPath = '/var/run/docker.sock'): Promise<EngineProxy> {
  const sockets = new Set<Socket>();
  const proxy: EngineProxy = {
    port: 0, address: '', connections: 0, requests: [],
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((client) => {
    proxy.connections++;
    const upstream = connect(socketPath);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) proxy.requests.push(`${match[1]} ${match[2]}`);
    });
    client.pipe(upstream).pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(proxy, { port, address: `tcp://127.0.0.1:${port}` });
}
