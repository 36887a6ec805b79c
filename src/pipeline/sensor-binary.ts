// Picks the static sensor binary for an image's platform (built by `make sensor`, or named by env).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode, MinifyError } from '../errors.js';

/** The architectures a sensor is built for (Docker's names), with what building each needs. */
const ARCHES = {
  amd64: { env: 'MINIFY_SENSOR', packages: 'gcc and libc6-dev' },
  arm64: { env: 'MINIFY_SENSOR_ARM64', packages: 'gcc-aarch64-linux-gnu and libc6-dev-arm64-cross' },
} as const;
export type SensorArch = keyof typeof ARCHES;

/** The platforms a sensor exists for, in Docker's spelling. */
export const SENSOR_PLATFORMS: readonly string[] = Object.keys(ARCHES).map((arch) => `linux/${arch}`);

/** `linux/arm64`, `linux/arm64/v8`, `linux/aarch64` -> arm64; undefined for a platform without a sensor. */
export function sensorArch(platform: string): SensorArch | undefined {
  const [os, arch] = platform.toLowerCase().split('/');
  if (os !== 'linux') return undefined;
  if (arch === 'amd64' || arch === 'x86_64') return 'amd64';
  if (arch === 'arm64' || arch === 'aarch64') return 'arm64';
  return undefined;
}

/** Where the sensor for `platform` is looked for: its env override, else build/minify-sensor-<arch>
 *  (amd64 also takes build/minify-sensor, the path of builds before there were two). */
export function sensorCandidates(platform: string, env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const arch = sensorArch(platform) ?? 'amd64';
  const override = env[ARCHES[arch].env];
  if (override) return [override];
  const built = (name: string) => fileURLToPath(new URL(`../../build/${name}`, import.meta.url));
  return arch === 'amd64' ? [built('minify-sensor-amd64'), built('minify-sensor')] : [built(`minify-sensor-${arch}`)];
}

/** The sensor binary for an image of `platform` (default linux/amd64). */
export function sensorBinaryPath(platform = 'linux/amd64'): string {
  const candidates = sensorCandidates(platform);
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  const { env, packages } = ARCHES[sensorArch(platform) ?? 'amd64'];
  throw new MinifyError(`the ${platform} sensor binary is not at ${candidates.join(' or ')}`, {
    code: ExitCode.sensorFailed,
    hint: `build it with \`make sensor\` (needs ${packages}), or set ${env}`,
  });
}

/** An image of a platform without a sensor cannot be traced: say so before starting anything. */
export function assertTraceablePlatform(image: string, platform: string): void {
  if (sensorArch(platform)) return;
  throw new MinifyError(`image ${image} is ${platform}; the sensor runs only in ${SENSOR_PLATFORMS.join(' and ')} images`, {
    code: ExitCode.usage,
    hint: `slim the ${SENSOR_PLATFORMS[0]} or ${SENSOR_PLATFORMS[1]} variant of the image (docker build --platform ${SENSOR_PLATFORMS[0]})`,
  });
}
