// `docker exec` with stdout streamed line by line (a scan's output runs to hundreds of MB; never held whole).
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Engine } from './connect.js';

export interface StreamedExec {
  readonly exitCode: number;
  /** The last few KB of stderr, for messages. */
  readonly stderr: string;
}

/** Runs argv (no shell) in a running container as `user`; calls onLine for each stdout line (latin1, so bytes survive). */
export async function execLines(
  engine: Engine,
  id: string,
  argv: readonly string[],
  onLine: (line: string) => void,
  options: { user?: string } = {},
): Promise<StreamedExec> {
  const exec = await engine.docker.getContainer(id).exec({
    Cmd: [...argv], AttachStdout: true, AttachStderr: true, ...(options.user ? { User: options.user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errText = '';
  stderr.on('data', (chunk: Buffer) => {
    errText = (errText + chunk.toString('utf8')).slice(-4096);
  });
  engine.docker.modem.demuxStream(stream, stdout, stderr);
  stream.on('end', () => {
    stdout.end();
    stderr.end();
  });
  stream.on('close', () => {
    stdout.end();
    stderr.end();
  });
  stdout.setEncoding('latin1');
  const lines = createInterface({ input: stdout, crlfDelay: Infinity });
  let failure: unknown;
  stream.on('error', (error: unknown) => {
    failure = error;
    stdout.end();
  });
  try {
    for await (const line of lines) onLine(line);
  } finally {
    stream.destroy();
  }
  if (failure) throw failure;
  // The stream can end a moment before the engine records the exit.
  for (let tries = 0; ; tries++) {
    const info = await exec.inspect();
    if (!info.Running || tries >= 50) return { exitCode: info.Running ? -1 : (info.ExitCode ?? -1), stderr: errText };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
