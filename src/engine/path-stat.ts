// `HEAD /containers/{id}/archive?path=…`: what the container's filesystem holds at a path, without its
// contents. On a container never started this is the image's view (nothing the runtime mounts or makes).
import type { Engine } from './connect.js';
import { statusOf } from './connect.js';

export interface PathStat {
  /** Go's os.FileMode bits: the permission bits plus 1 << 31 for a directory. */
  readonly mode: number;
  /** Whole seconds since the epoch, as a tar header or the scan has it. */
  readonly mtime: number;
  /** A symlink's target (the engine follows symlinks in the parents of a path, not in its last part). */
  readonly linkTarget: string;
}

const DIR_BIT = 2 ** 31;

/** Undefined when nothing is at `path`. */
export async function statPath(engine: Engine, id: string, path: string): Promise<PathStat | undefined> {
  let response: { headers: Record<string, string | string[] | undefined>; resume?: () => void };
  try {
    response = (await engine.docker.getContainer(id).infoArchive({ path })) as typeof response;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  response.resume?.();
  const header = response.headers['x-docker-container-path-stat'];
  if (typeof header !== 'string') throw new Error(`the engine's archive stat of ${path} has no X-Docker-Container-Path-Stat header`);
  return parsePathStat(header);
}

/** The header's base64 JSON ({ name, size, mode, mtime: RFC 3339 with nanoseconds, linkTarget }). */
export function parsePathStat(header: string): PathStat {
  const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode?: unknown; mtime?: unknown; linkTarget?: unknown };
  const whole = typeof stat.mtime === 'string' ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(stat.mtime) : null;
  if (typeof stat.mode !== 'number' || !whole) throw new Error(`the engine's archive stat is not { mode, mtime }: ${JSON.stringify(stat)}`);
  return { mode: stat.mode, mtime: Date.parse(`${whole[1]}${whole[2]}`) / 1000, linkTarget: typeof stat.linkTarget === 'string' ? stat.linkTarget : '' };
}

export function isDirStat(stat: PathStat): boolean {
  return Math.floor(stat.mode / DIR_BIT) % 2 === 1;
}
