// The Docker CLI's config dir, as `docker` finds it: $DOCKER_CONFIG, else ~/.docker (an empty
// DOCKER_CONFIG counts as unset). One place for the context lookup and the push credentials, so
// both read the same config.json.
import { join } from 'node:path';

export function dockerConfigDir(env: { readonly DOCKER_CONFIG?: string | undefined }, home: string): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}
