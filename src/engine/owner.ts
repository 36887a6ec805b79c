// Who made a container, image or temp dir: the run id plus the host and pid of its minify process,
// so a later run (or `minify gc`) can tell what a dead run left from what a live one still uses.
import { hostname } from 'node:os';

export const RUN_LABEL = 'minify.run';
export const ROLE_LABEL = 'minify.role';
export const PID_LABEL = 'minify.pid';
export const HOST_LABEL = 'minify.host';

export interface Owner {
  readonly runId: string;
  readonly host: string;
  readonly pid: number;
}

/** The owner of what this process creates for run `runId`. */
export function currentOwner(runId: string): Owner {
  return { runId, host: hostname(), pid: process.pid };
}

/** The labels every container and image of a run carries. */
export function ownerLabels(owner: Owner): Record<string, string> {
  return { [RUN_LABEL]: owner.runId, [HOST_LABEL]: owner.host, [PID_LABEL]: String(owner.pid) };
}

/** Reads an owner back from labels; undefined when a label is missing or malformed. */
export function ownerOf(labels: Readonly<Record<string, string>> | undefined): Owner | undefined {
  const runId = labels?.[RUN_LABEL];
  const host = labels?.[HOST_LABEL];
  const pid = Number(labels?.[PID_LABEL]);
  if (!runId || !host || !Number.isInteger(pid) || pid <= 0) return undefined;
  return { runId, host, pid };
}

/** Whether process `pid` still runs on this host (a process we may not signal still runs). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run whose process is gone: same host, its pid no longer runs. Runs of other hosts are never judged. */
export function isDeadOwner(owner: Owner, here: { host: string; pid: number } = { host: hostname(), pid: process.pid }): boolean {
  return owner.host === here.host && owner.pid !== here.pid && !pidAlive(owner.pid);
}
