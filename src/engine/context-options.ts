// dockerode's connection options for a Docker context's endpoint: a socket, tcp (TLS when the context
// stores certificates) or ssh (through the ssh agent, as docker-modem dials `docker system dial-stdio`).
import { Agent } from 'node:https';
import type Docker from 'dockerode';
import type { ContextEndpoint } from './docker-context.js';
import { parseEngineAddress } from './engine-host.js';

export function contextDockerOptions(context: ContextEndpoint, env: NodeJS.ProcessEnv): Docker.DockerOptions {
  const address = context.host;
  if (/^unix:\/\//i.test(address)) return { socketPath: address.slice('unix://'.length) || '/var/run/docker.sock' };
  const { url, hostname: host } = parseEngineAddress(address, `context ${context.name}`);
  if (url.protocol === 'ssh:') {
    return {
      protocol: 'ssh', host, port: url.port || 22, ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      sshOptions: { ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}) },
    };
  }
  const tls = context.tls;
  const secure = url.protocol === 'https:' || tls !== undefined;
  const options: Docker.DockerOptions = {
    protocol: secure ? 'https' : 'http', host, port: url.port || (secure ? 2376 : 2375),
    ...(tls?.ca ? { ca: tls.ca } : {}), ...(tls?.cert ? { cert: tls.cert } : {}), ...(tls?.key ? { key: tls.key } : {}),
  };
  // SkipTLSVerify: TLS without checking the engine's certificate, as `docker` does for such a context.
  if (secure && context.skipTlsVerify) return { ...options, agent: new Agent({ rejectUnauthorized: false, ...(tls ?? {}) }) } as Docker.DockerOptions;
  return options;
}
