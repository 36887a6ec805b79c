// Finds the static sensor binary built by `make sensor` (or named by MINIFY_SENSOR).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode, MinifyError } from '../errors.js';

export function sensorBinaryPath(): string {
  const path = process.env.MINIFY_SENSOR ?? fileURLToPath(new URL('../../build/minify-sensor', import.meta.url));
  if (!existsSync(path)) {
    throw new MinifyError(`sensor binary not found at ${path}`, {
      code: ExitCode.sensorFailed,
      hint: 'build it with `make sensor` (needs gcc and libc6-dev), or set MINIFY_SENSOR',
    });
  }
  return path;
}
