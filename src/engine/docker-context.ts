// The Docker CLI's current context, as `docker` picks it: DOCKER_HOST wins, then DOCKER_CONTEXT, then
// `currentContext` in the CLI config (DOCKER_CONFIG or ~/.docker/config.json). A context lives in
// contexts/meta/<sha256 of its name>/meta.json, its TLS files in contexts/tls/<same>/docker/.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, MinifyError } from '../errors.js';
import { dockerConfigDir } from './docker-config.js';

export interface ContextEndpoint {
  readonly name: string;
  /** Endpoints.docker.Host: `tcp://…`, `ssh://…` or `unix://…`. */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  /** ca.pem / cert.pem / key.pem stored with the context, when it has them. */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer };
}

export interface ContextEnv {
  readonly DOCKER_HOST?: string | undefined;
  readonly DOCKER_CONTEXT?: string | undefined;
  readonly DOCKER_CONFIG?: string | undefined;
}

/** The selected context's docker endpoint, or undefined for the default (DOCKER_HOST or the local socket). */
export async function currentContext(env: ContextEnv, home: string): Promise<ContextEndpoint | undefined> {
  if (env.DOCKER_HOST) return undefined;
  const configDir = dockerConfigDir(env, home);
  const fromEnv = env.DOCKER_CONTEXT;
  const name = fromEnv || (await configuredContext(join(configDir, 'config.json')));
  if (!name || name === 'default') return undefined;
  const from = fromEnv ? 'DOCKER_CONTEXT' : `currentContext in ${join(configDir, 'config.json')}`;
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = await readJson(metaPath);
  if (meta === undefined) {
    throw new MinifyError(`Docker context "${name}" (from ${from}) does not exist: no ${metaPath}`, {
      code: ExitCode.engineUnavailable,
      hint: 'list contexts with `docker context ls`, or unset DOCKER_CONTEXT / run `docker context use default`',
    });
  }
  const docker = (meta as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } }).Endpoints?.docker;
  if (typeof docker?.Host !== 'string' || docker.Host === '') {
    throw new MinifyError(`Docker context "${name}" has no docker endpoint in ${metaPath}`, {
      code: ExitCode.engineUnavailable,
      hint: 'recreate it with `docker context create NAME --docker host=…`',
    });
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((file) => readFile(join(tlsDir, file)).catch(() => undefined)));
  const tls = ca || cert || key ? { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) } : undefined;
  return { name, host: docker.Host, skipTlsVerify: docker.SkipTLSVerify === true, ...(tls ? { tls } : {}) };
}

async function configuredContext(path: string): Promise<string | undefined> {
  const config = await readJson(path);
  const name = (config as { currentContext?: unknown } | undefined)?.currentContext;
  return typeof name === 'string' ? name : undefined;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MinifyError(`${path} is not valid JSON`, { code: ExitCode.engineUnavailable, hint: 'fix or remove the file', cause: error });
  }
}
