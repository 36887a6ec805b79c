// Where the engine runs, from its address (DOCKER_HOST or a context's endpoint): which host the
// published ports of a container are reachable on, and which host IP to publish them on.
import { ExitCode, MinifyError } from '../errors.js';

export interface EngineHost {
  /** The engine's address as given (`unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `ssh://me@box`). */
  readonly address: string;
  /** Where the address came from: `DOCKER_HOST`, `context NAME`, or `default`. */
  readonly via: string;
  /** The host probes and readiness checks dial. */
  readonly probeHost: string;
  /** The host IP the engine publishes ports on: loopback for a local engine, all interfaces for a remote one. */
  readonly publishIp: '127.0.0.1' | '0.0.0.0';
  /** True when the engine runs on another machine. */
  readonly remote: boolean;
}

const DEFAULT_ADDRESS = 'unix:///var/run/docker.sock';

/** A unix socket or a loopback tcp/ssh host is this machine; any other host is remote. */
export function engineHostOf(address: string | undefined, via = address ? 'DOCKER_HOST' : 'default'): EngineHost {
  const given = address && address.trim() !== '' ? address.trim() : DEFAULT_ADDRESS;
  const hostname = hostnameOf(given, via);
  if (hostname === undefined || isLoopback(hostname)) {
    return { address: given, via, probeHost: '127.0.0.1', publishIp: '127.0.0.1', remote: false };
  }
  return { address: given, via, probeHost: hostname, publishIp: '0.0.0.0', remote: true };
}

/** The host of a tcp://, http(s)://, ssh:// or bare `host:port` address; undefined for a socket or pipe. */
export function hostnameOf(address: string, via = 'DOCKER_HOST'): string | undefined {
  if (/^(unix|npipe|fd):\/\//i.test(address)) return undefined;
  return parseEngineAddress(address, via).hostname;
}

/** A network address as a URL (a bare `host:port` is tcp), and its host without an IPv6 address's brackets. */
export function parseEngineAddress(address: string, via = 'DOCKER_HOST'): { readonly url: URL; readonly hostname: string } {
  let url: URL | undefined;
  try {
    url = new URL(address.includes('//') ? address : `tcp://${address}`);
  } catch {
    url = undefined;
  }
  // `tcp://` parses, but names no host to dial.
  if (!url || url.hostname === '') {
    throw new MinifyError(`the engine address "${address}" (${via}) is not a valid address`, {
      code: ExitCode.engineUnavailable, hint: 'use unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST',
    });
  }
  return { url, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1') };
}

function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '';
}
