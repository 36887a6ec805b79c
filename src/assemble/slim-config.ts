// The config of a slim (or debug) image: the source image's runtime settings kept as they were,
// new rootfs and history for minify's layers, and labels naming the source it came from.
import type { ContainerConfig, HistoryEntry, ImageConfig } from '../types.js';

/** The runtime settings a slim image keeps from its source, so it starts the same way. */
const PRESERVED_KEYS = [
  'User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir',
  'Labels', 'StopSignal', 'Healthcheck', 'OnBuild', 'Shell', 'ArgsEscaped',
] as const;

export interface SlimLayerInfo {
  readonly diffId: string;
  /** History line for the layer, e.g. "minify: 812 paths traced from app:1.4". */
  readonly createdBy: string;
}

export interface SlimConfigOptions {
  readonly source: ImageConfig;
  readonly sourceRef: string;
  /** `sha256:` id of the source image. */
  readonly sourceId: string;
  readonly layers: readonly SlimLayerInfo[];
  readonly minifyVersion: string;
  /** ISO time; taken from the caller so the result is a pure function of its inputs. */
  readonly created: string;
}

export const SOURCE_IMAGE_LABEL = 'minify.source.image';
export const SOURCE_ID_LABEL = 'minify.source.id';
export const VERSION_LABEL = 'minify.version';

export function buildSlimConfig(options: SlimConfigOptions): ImageConfig {
  const kept: Record<string, unknown> = {};
  for (const key of PRESERVED_KEYS) {
    const value = options.source.config[key];
    if (value !== undefined && value !== null) kept[key] = value;
  }
  const labels = {
    ...(options.source.config.Labels ?? {}),
    [SOURCE_IMAGE_LABEL]: options.sourceRef,
    [SOURCE_ID_LABEL]: options.sourceId,
    [VERSION_LABEL]: options.minifyVersion,
  };
  const config: ContainerConfig = { ...kept, Labels: labels };
  const history: HistoryEntry[] = options.layers.map((layer) => ({
    created: options.created,
    created_by: layer.createdBy,
    comment: 'minify',
  }));
  return {
    architecture: options.source.architecture ?? 'amd64',
    os: options.source.os ?? 'linux',
    created: options.created,
    config,
    rootfs: { type: 'layers', diff_ids: options.layers.map((layer) => layer.diffId) },
    history,
  };
}
