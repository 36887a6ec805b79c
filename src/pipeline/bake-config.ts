// `--bake-config`: the read image with the run's cmd/entrypoint/env laid over its config, so the plan
// roots and the slim image's config are the ones the app was traced with. Without it, nothing changes.
import { bakeConfig, type ContainerRunOptions } from '../trace/container-options.js';
import type { LoadedImage } from './load-image.js';

export function withBakedConfig<L extends Pick<LoadedImage<unknown>, 'archive'>>(loaded: L, container: ContainerRunOptions | undefined): L {
  if (!container?.bake) return loaded;
  const source = loaded.archive.config;
  return { ...loaded, archive: { ...loaded.archive, config: { ...source, config: bakeConfig(source.config, container.options) } } };
}
