// Temp dirs named after their owner (`minify-<kind>-<run>-<host>-<pid>-XXXXXX`), so a sweep can tell a
// dead run's dirs from a live one's, and an interrupted run can remove a dir it made late.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeadOwner, type Owner } from './engine/owner.js';

const NAME = /^minify-([a-z]+)-([0-9a-f]{12})-(.+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Hostnames go into a file name: keep it to safe characters. */
function safeHost(host: string): string {
  return host.replace(/[^A-Za-z0-9.]/g, '_');
}

/** Makes a temp dir owned by `owner` and registers its removal. */
export async function makeTempDir(
  disposer: { readonly owner: Owner; add(label: string, dispose: () => Promise<void>): unknown },
  kind: string,
): Promise<string> {
  const { runId, host, pid } = disposer.owner;
  const dir = await mkdtemp(join(tmpdir(), `minify-${kind}-${runId}-${safeHost(host)}-${pid}-`));
  disposer.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface OwnedTempDir {
  readonly path: string;
  readonly runId: string;
  readonly host: string;
  readonly pid: number;
}

/** minify's temp dirs in the temp root, with their owners. */
export async function listOwnedTempDirs(root = tmpdir()): Promise<OwnedTempDir[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const owned: OwnedTempDir[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (match) owned.push({ path: join(root, name), runId: match[2] ?? '', host: match[3] ?? '', pid: Number(match[4]) });
  }
  return owned;
}

/** Removes every temp dir of run `owner.runId` (ones a late mkdtemp made after the disposer ran too). */
export async function sweepRunTempDirs(owner: Owner): Promise<void> {
  for (const dir of await listOwnedTempDirs()) {
    if (dir.runId === owner.runId) await rm(dir.path, { recursive: true, force: true });
  }
}

/** A temp dir of a dead run on this host (its pid no longer runs). */
export function isDeadTempDir(dir: OwnedTempDir): boolean {
  return isDeadOwner({ runId: dir.runId, host: dir.host, pid: dir.pid }, { host: safeHost(hostname()), pid: process.pid });
}
