// Spawns the real `minify` CLI (from source, through tsx) and checks what a run leaves behind:
// containers of its own children (by the minify.host and minify.pid labels, since other runs share
// the engine), dangling volumes, and minify-* temp dirs in a private TMPDIR.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export const docker = (args: readonly string[]): string =>
  execFileSync('/usr/bin/docker', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

/** An image made from a fixture base and Dockerfile-style changes, with neither registry nor build. */
export function commitImage(ref: string, changes: readonly string[], base = 'minify-fixture/base:bookworm'): void {
  const id = docker(['create', base, 'true']);
  try {
    docker(['commit', ...changes.flatMap((change) => ['--change', change]), id, ref]);
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

/** Runs an image as a user would (no minify) with `port` published on 127.0.0.1, and GETs each path. */
export async function fetchFromImage(image: string, port: number, paths: readonly string[]): Promise<Array<{ status: number; body: string }>> {
  const id = docker(['run', '-d', '--label', 'minify.test=serve', '-p', `127.0.0.1::${port}`, image]);
  try {
    const hostPort = docker(['port', id, `${port}/tcp`]).split('\n')[0]?.split(':').pop();
    const results = [];
    for (const path of paths) {
      const response = await fetchWhenUp(`http://127.0.0.1:${hostPort}${path}`);
      results.push({ status: response.status, body: await response.text() });
    }
    return results;
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}

/** fetch, retried for up to 20 s while the server starts. */
async function fetchWhenUp(url: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** Private TMPDIR of the child: anything named minify-* left in it is a leak. */
  readonly tmp: string;
  /** Pids of the minify processes spawned so far (what their containers' minify.pid label says). */
  readonly pids: ReadonlySet<number>;
  /** Writes a probe module into the sandbox and returns its path. */
  probe(name: string, body: string): Promise<string>;
  /**
   * `env` entries are added to the child's environment; an undefined value removes the variable.
   * `onSpawn` sees the child as soon as it runs (before it prints anything).
   */
  spawn(
    args: readonly string[],
    onStderr?: (text: string, child: ChildProcess) => void,
    env?: Readonly<Record<string, string | undefined>>,
    onSpawn?: (child: ChildProcess) => void,
  ): Promise<CliResult>;
  leftovers(): Promise<{ containers: string[]; volumes: string[]; tempDirs: string[] }>;
  /** What the runs with these pids left: their containers and their temp dirs (other runs may still be going). */
  leftoversOf(pids: ReadonlySet<number>): Promise<{ containers: string[]; tempDirs: string[] }>;
  dispose(): Promise<void>;
}

export async function createSandbox(): Promise<Sandbox> {
  const tmp = await mkdtemp(join(tmpdir(), 'run-e2e-'));
  const volumesBefore = new Set(listVolumes());
  const pids = new Set<number>();
  return {
    tmp,
    pids,
    async probe(name, body) {
      const path = join(tmp, name);
      await writeFile(path, body);
      return path;
    },
    spawn(args, onStderr, env = {}, onSpawn) {
      return new Promise((resolve, reject) => {
        // node itself (not the tsx wrapper) so that child.pid is minify's pid and signals reach it directly.
        const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, CI: '1', ...env } });
        if (child.pid !== undefined) pids.add(child.pid);
        onSpawn?.(child);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          onStderr?.(stderr, child);
        });
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
      });
    },
    async leftovers() {
      const containers = containersOf(pids);
      const volumes = listVolumes().filter((v) => !volumesBefore.has(v));
      const tempDirs = (await readdir(tmp)).filter((name) => name.startsWith('minify-'));
      return { containers, volumes, tempDirs };
    },
    async leftoversOf(of) {
      // Temp dir names end in -<host>-<pid>-XXXXXX (src/temp-dir.ts).
      const tempDirs = (await readdir(tmp)).filter((name) => name.startsWith('minify-') && [...of].some((pid) => name.includes(`-${pid}-`)));
      return { containers: containersOf(of), tempDirs };
    },
    dispose: () => rm(tmp, { recursive: true, force: true }),
  };
}

/** Containers this host's minify processes with these pids created (others' runs share the engine). */
export function containersOf(pids: ReadonlySet<number>): string[] {
  const rows = docker(['ps', '-a', '--filter', `label=minify.host=${hostname()}`, '--format', '{{.ID}} {{.Label "minify.pid"}}']);
  return rows.split('\n').filter(Boolean)
    .map((row) => row.split(' '))
    .filter(([, pid]) => pids.has(Number(pid)))
    .map(([id]) => id ?? '');
}

/** Volumes no container uses: one a run leaked; others' in-use volumes are not counted. */
function listVolumes(): string[] {
  return docker(['volume', 'ls', '-q', '--filter', 'dangling=true']).split('\n').filter(Boolean);
}

export function imageId(ref: string): string | undefined {
  try {
    return docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
  } catch {
    return undefined;
  }
}

export function imageBytes(ref: string): number {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', ref]));
}

export function removeTag(ref: string): void {
  if (imageId(ref)) docker(['rmi', '-f', ref]);
}

/** Tags of an image, to prove the source was neither modified nor retagged. */
export function imageTags(ref: string): string {
  return docker(['image', 'inspect', '--format', '{{.Id}} {{json .RepoTags}}', ref]);
}
