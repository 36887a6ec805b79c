// Registry credentials for a push, from the Docker CLI's config (`$DOCKER_CONFIG/config.json`, else
// `~/.docker/config.json`): an inline `auths` entry, or the credential helper the file names.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, MinifyError } from '../errors.js';
import { dockerConfigDir } from './docker-config.js';

/** What the engine's X-Registry-Auth header carries. */
export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly serveraddress?: string;
}

interface DockerConfig {
  readonly auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  readonly credsStore?: string;
  readonly credHelpers?: Record<string, string>;
}

const DOCKER_HUB = 'index.docker.io';

/** `https://index.docker.io/v1/`, `docker.io` and `registry-1.docker.io` are one registry; others by host[:port]. */
export function registryKey(address: string): string {
  const host = address.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return host === 'docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}

/** The inline credentials `config` holds for `registry` (undefined for Docker Hub), if any. */
export function inlineAuth(config: DockerConfig, registry: string | undefined): RegistryAuth | undefined {
  const wanted = registryKey(registry ?? DOCKER_HUB);
  for (const [address, entry] of Object.entries(config.auths ?? {})) {
    if (registryKey(address) !== wanted) continue;
    const serveraddress = address;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, serveraddress };
  }
  return undefined;
}

/** The credential helper `config` names for `registry` (credHelpers wins over credsStore). */
export function credentialHelper(config: DockerConfig, registry: string | undefined): string | undefined {
  const wanted = registryKey(registry ?? DOCKER_HUB);
  const specific = Object.entries(config.credHelpers ?? {}).find(([address]) => registryKey(address) === wanted)?.[1];
  return specific ?? config.credsStore;
}

/** `docker-credential-NAME get`, as the Docker CLI asks it; nothing when it knows no credentials. */
async function askHelper(name: string, registry: string | undefined, env: NodeJS.ProcessEnv): Promise<RegistryAuth | undefined> {
  const server = registry ?? `https://${DOCKER_HUB}/v1/`;
  const { execa } = await import('execa'); // only a push with a credential helper needs it
  const result = await execa(`docker-credential-${name}`, ['get'], { input: server, reject: false, timeout: 15_000, env, extendEnv: false });
  // As the Docker CLI: a helper the config names but PATH lacks is an error, not a silent anonymous push.
  if (result.code === 'ENOENT') {
    throw new MinifyError(`the Docker config names the credential helper docker-credential-${name}, which is not on PATH`, {
      code: ExitCode.pushFailed, hint: `install docker-credential-${name}, or remove "${name}" from credsStore/credHelpers in the Docker config`,
    });
  }
  if (result.exitCode !== 0) return undefined;
  let answer: { Username?: string; Secret?: string };
  try {
    answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
  } catch (error) {
    throw new MinifyError(`docker-credential-${name} get printed no JSON credentials for ${server}`, {
      code: ExitCode.pushFailed, hint: 'fix or reinstall the credential helper, or log in again with docker login', cause: error,
    });
  }
  const { Username, Secret } = answer;
  if (!Secret) return undefined;
  // The CLI's convention: a helper answering the user `<token>` hands over an identity token.
  return Username === '<token>' ? { identitytoken: Secret, serveraddress: server } : { username: Username, password: Secret, serveraddress: server };
}

/** Credentials for pushing to `registry` (undefined: Docker Hub), or {} for an anonymous push. */
export async function registryAuthFor(registry: string | undefined, env: NodeJS.ProcessEnv = process.env, home = homedir()): Promise<RegistryAuth> {
  const file = join(dockerConfigDir(env, home), 'config.json');
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as DockerConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new MinifyError(`cannot read the Docker CLI config ${file}: ${(error as Error).message}`, {
      code: ExitCode.pushFailed, hint: 'fix the file (docker login rewrites it), or point DOCKER_CONFIG at another dir', cause: error,
    });
  }
  const inline = inlineAuth(config, registry);
  if (inline) return inline;
  const helper = credentialHelper(config, registry);
  return (helper ? await askHelper(helper, registry, env) : undefined) ?? {};
}
