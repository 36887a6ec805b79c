// `docker push` through the Engine API: one tag, its progress stream followed to the end, the
// registry's digest returned; a failure is one line with a hint that fits what the engine said.
import { ExitCode, MinifyError } from '../errors.js';
import { parseImageRef, repositoryName } from '../image/ref.js';
import { messageOf, type Engine } from './connect.js';
import type { RegistryAuth } from './registry-auth.js';

interface PushMessage {
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly aux?: { readonly Digest?: string };
}

/** What to do about a failed push, from the engine's (or the registry's) words. */
export function pushHint(message: string, ref: string): string {
  const host = parseImageRef(ref).registry ?? 'docker.io';
  if (/server gave HTTP response to HTTPS client/i.test(message)) {
    return `the engine talks HTTPS to ${host}: add it to "insecure-registries" in /etc/docker/daemon.json (127.0.0.0/8 is allowed by default)`;
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp|network is unreachable/i.test(message)) return `is the registry at ${host} up? check the host and port in the tag`;
  if (/unauthorized|authentication required|denied|forbidden|401|403/i.test(message)) {
    return `log in with docker login ${host} (minify reads the Docker CLI config: $DOCKER_CONFIG/config.json or ~/.docker/config.json)`;
  }
  return `the image stays local: fix the registry, then docker push ${ref}`;
}

function pushFailure(ref: string, message: string, cause?: unknown): MinifyError {
  const said = message.replace(/\s+/g, ' ').trim();
  return new MinifyError(`push of ${ref} failed: ${said}`, { code: ExitCode.pushFailed, hint: pushHint(said, ref), cause });
}

/** Pushes `ref` (name:tag) to its registry; resolves with the digest the registry stored. */
export async function pushImage(engine: Engine, ref: string, auth: RegistryAuth): Promise<{ digest?: string }> {
  const parsed = parseImageRef(ref);
  let messages: PushMessage[];
  try {
    // The engine wants an X-Registry-Auth header even for an anonymous push: {} is one.
    const stream = await engine.docker.getImage(repositoryName(parsed)).push({ tag: parsed.tag ?? 'latest', authconfig: auth });
    messages = await new Promise<PushMessage[]>((resolve, reject) => {
      engine.docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output as PushMessage[])));
    });
  } catch (error) {
    throw pushFailure(ref, messageOf(error).replace(/^\(HTTP code \d+\)\s*(?:[a-z ]+ - )?/, ''), error);
  }
  const failed = messages.find((m) => m.error ?? m.errorDetail?.message);
  if (failed) throw pushFailure(ref, failed.errorDetail?.message ?? failed.error ?? 'no detail');
  const digest = messages.map((m) => m.aux?.Digest).find((d) => d !== undefined);
  return digest === undefined ? {} : { digest };
}
