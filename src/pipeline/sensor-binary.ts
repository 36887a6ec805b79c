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

/** The one platform the static sensor is built for. */
export const SENSOR_PLATFORM = 'linux/amd64';

/** An image of another platform cannot run the sensor: say so before starting anything. */
export function assertTraceablePlatform(image: string, platform: string): void {
  if (platform === SENSOR_PLATFORM) return;
  throw new MinifyError(`image ${image} is ${platform}; the sensor runs only in ${SENSOR_PLATFORM} images`, {
    code: ExitCode.usage,
    hint: `slim the ${SENSOR_PLATFORM} variant of the image (docker build --platform ${SENSOR_PLATFORM})`,
  });
}
