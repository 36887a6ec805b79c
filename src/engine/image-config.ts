// The image config fields minify reads, from the engine's inspect (no `docker save`): the in-container scan's config.
import type { ContainerConfig, ImageConfig } from '../types.js';
import type { Engine } from './connect.js';

export interface InspectedImage {
  /** `sha256:` image id. */
  readonly id: string;
  readonly repoTags: readonly string[];
  /** Without `history`: the engine's history call does not say which steps made no layer. */
  readonly config: ImageConfig;
}

export async function inspectImageConfig(engine: Engine, name: string): Promise<InspectedImage> {
  const info = await engine.docker.getImage(name).inspect();
  return {
    id: info.Id,
    repoTags: info.RepoTags ?? [],
    config: {
      ...(info.Architecture ? { architecture: info.Architecture } : {}),
      ...(info.Os ? { os: info.Os } : {}),
      ...(info.Created ? { created: info.Created } : {}),
      config: (info.Config ?? {}) as unknown as ContainerConfig,
      rootfs: { type: 'layers', diff_ids: info.RootFS?.Layers ?? [] },
    },
  };
}
