// `docker exec` with stdout streamed (a scan's output runs to hundreds of MB, a copy-out's to GBs;
// never held whole): as raw bytes with backpressure, or line by line on top of that.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { demux } from './attach.js';
import type { Engine } from './connect.js';

export interface StreamedExec {
  readonly exitCode: number;
  /** The last few KB of stderr, for messages. */
  readonly stderr: string;
}

export interface ExecOutput {
  /** The exec's stdout, demultiplexed, as bytes; a slow reader holds the exec back. */
  readonly stdout: Readable;
  /** After stdout has ended: the exit code and stderr tail (throws what broke the stream, if anything did). */
  finished(): Promise<StreamedExec>;
}

const STDERR_TAIL = 4096;

/** Starts argv (no shell) in a running container as `user`, or the container's user. */
export async function execOutput(engine: Engine, id: string, argv: readonly string[], options: { user?: string } = {}): Promise<ExecOutput> {
  const exec = await engine.docker.getContainer(id).exec({
    Cmd: [...argv], AttachStdout: true, AttachStderr: true, ...(options.user ? { User: options.user } : {}),
  });
  const raw = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  let errText = '';
  const stdout = Readable.from(demux(raw, (chunk) => {
    errText = (errText + chunk.toString('utf8')).slice(-STDERR_TAIL);
  }), { objectMode: false });
  let failure: unknown;
  stdout.on('error', (error: unknown) => (failure = error));
  stdout.on('close', () => raw.destroy());
  return {
    stdout,
    async finished() {
      if (failure) throw failure;
      // The stream can end a moment before the engine records the exit.
      for (let tries = 0; ; tries++) {
        const info = await exec.inspect();
        if (!info.Running || tries >= 50) return { exitCode: info.Running ? -1 : (info.ExitCode ?? -1), stderr: errText };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Runs argv like execOutput; calls onLine for each stdout line (latin1, so bytes survive). */
export async function execLines(
  engine: Engine,
  id: string,
  argv: readonly string[],
  onLine: (line: string) => void,
  options: { user?: string } = {},
): Promise<StreamedExec> {
  const output = await execOutput(engine, id, argv, options);
  output.stdout.setEncoding('latin1');
  const lines = createInterface({ input: output.stdout, crlfDelay: Infinity });
  try {
    for await (const line of lines) onLine(line);
  } finally {
    output.stdout.destroy();
  }
  return output.finished();
}
