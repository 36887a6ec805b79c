// The second layer of a -debug image: the source image's shell and core utilities with their
// symlinks and libraries, minus what the slim layer already holds (like distroless's :debug).
import type { LayerSelection } from '../assemble/assemble-image.js';
import { planSlim } from '../plan/plan.js';
import type { ElfInfo } from '../plan/types.js';
import type { ContainerConfig, ImagePath, Manifest, SlimPlan, TraceReport } from '../types.js';

/** Tools a person reaches for in a broken container, in the order they are looked for. */
export const DEBUG_TOOLS = [
  'sh', 'bash', 'dash', 'busybox', 'ls', 'cat', 'ps', 'env', 'grep', 'find', 'head', 'tail', 'less', 'more',
  'vi', 'id', 'stat', 'du', 'df', 'mkdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'touch', 'readlink', 'which',
  'sed', 'awk', 'mawk', 'wc', 'sort', 'tr', 'xargs', 'uname', 'hostname', 'sleep', 'kill', 'top', 'free',
  'ss', 'netstat', 'ip', 'strace',
] as const;

const BIN_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin'];

/** The first existing path of each tool in the image. */
export function findDebugTools(manifest: Manifest): ImagePath[] {
  const found: ImagePath[] = [];
  for (const tool of DEBUG_TOOLS) {
    const path = BIN_DIRS.map((dir) => `${dir}/${tool}`).find((candidate) => manifest.entries.has(candidate));
    if (path) found.push(path);
  }
  return found;
}

const NO_TRACE: TraceReport = { schemaVersion: 1, mode: 'both', events: [], execs: [], warnings: [] };

export interface DebugLayerInput {
  readonly plan: SlimPlan;
  readonly manifest: Manifest;
  readonly config: ContainerConfig;
  readonly elf: ReadonlyMap<ImagePath, ElfInfo>;
  readonly textFiles: ReadonlyMap<ImagePath, string>;
}

export function debugLayerSelection(input: DebugLayerInput): LayerSelection {
  const tools = findDebugTools(input.manifest);
  const toolsPlan = planSlim({
    manifest: input.manifest,
    trace: NO_TRACE,
    rules: { include: [], includeBin: tools, includeShell: true, exclude: [], closure: 'traced' },
    config: input.config,
    elf: input.elf,
    textFiles: input.textFiles,
  });
  const keep = new Set([...toolsPlan.keep.keys()].filter((path) => !input.plan.keep.has(path)));
  return { keep, synthetic: [], createdBy: `minify: debug tools ${tools.map((t) => t.split('/').pop()).join(' ')}` };
}
