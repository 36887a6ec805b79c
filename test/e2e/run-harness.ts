// Spawns the real `minify` CLI (from source, through tsx) and checks what a run leaves behind:
// containers labelled minify.run, volumes, and minify-* temp dirs in a private TMPDIR.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export const docker = (args: readonly string[]): string =>
  execFileSync('/usr/bin/docker', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** Private TMPDIR of the child: anything named minify-* left in it is a leak. */
  readonly tmp: string;
  /** Writes a probe module into the sandbox and returns its path. */
  probe(name: string, body: string): Promise<string>;
  spawn(args: readonly string[], onStderr?: (text: string, child: ChildProcess) => void): Promise<CliResult>;
  leftovers(): Promise<{ containers: string[]; volumes: string[]; tempDirs: string[] }>;
  dispose(): Promise<void>;
}

export async function createSandbox(): Promise<Sandbox> {
  const tmp = await mkdtemp(join(tmpdir(), 'run-e2e-'));
  const volumesBefore = new Set(listVolumes());
  return {
    tmp,
    async probe(name, body) {
      const path = join(tmp, name);
      await writeFile(path, body);
      return path;
    },
    spawn(args, onStderr) {
      return new Promise((resolve, reject) => {
        const child = spawn(TSX, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, CI: '1' } });
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
      const containers = docker(['ps', '-aq', '--filter', 'label=minify.run']).split('\n').filter(Boolean);
      const volumes = listVolumes().filter((v) => !volumesBefore.has(v));
      const tempDirs = (await readdir(tmp)).filter((name) => name.startsWith('minify-'));
      return { containers, volumes, tempDirs };
    },
    dispose: () => rm(tmp, { recursive: true, force: true }),
  };
}

function listVolumes(): string[] {
  return docker(['volume', 'ls', '-q']).split('\n').filter(Boolean);
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
