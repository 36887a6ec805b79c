// The sensor is picked by the image's platform: amd64 and arm64 images are traceable, others refused.
import { describe, expect, it } from 'vitest';
import { MinifyError } from '../../src/errors.js';
import { assertTraceablePlatform, sensorArch, sensorCandidates } from '../../src/pipeline/sensor-binary.js';

describe('sensorArch', () => {
  it("maps Docker's and the kernel's names of the two architectures", () => {
    expect(sensorArch('linux/amd64')).toBe('amd64');
    expect(sensorArch('linux/x86_64')).toBe('amd64');
    expect(sensorArch('linux/arm64')).toBe('arm64');
    expect(sensorArch('linux/arm64/v8')).toBe('arm64');
    expect(sensorArch('linux/aarch64')).toBe('arm64');
  });

  it('has no sensor for other architectures or operating systems', () => {
    for (const platform of ['linux/arm/v7', 'linux/386', 'linux/s390x', 'windows/amd64', 'linux']) {
      expect(sensorArch(platform)).toBeUndefined();
    }
  });
});

describe('sensorCandidates', () => {
  it('looks for build/minify-sensor-<arch>, and for amd64 also the path of older builds', () => {
    const amd64 = sensorCandidates('linux/amd64', {});
    expect(amd64.map((path) => path.split('/').slice(-2).join('/'))).toEqual(['build/minify-sensor-amd64', 'build/minify-sensor']);
    const arm64 = sensorCandidates('linux/arm64', {});
    expect(arm64.map((path) => path.split('/').slice(-2).join('/'))).toEqual(['build/minify-sensor-arm64']);
  });

  it('takes MINIFY_SENSOR for amd64 and MINIFY_SENSOR_ARM64 for arm64, never one for the other', () => {
    const env = { MINIFY_SENSOR: '/opt/x86-sensor', MINIFY_SENSOR_ARM64: '/opt/arm-sensor' };
    expect(sensorCandidates('linux/amd64', env)).toEqual(['/opt/x86-sensor']);
    expect(sensorCandidates('linux/arm64', env)).toEqual(['/opt/arm-sensor']);
    expect(sensorCandidates('linux/arm64', { MINIFY_SENSOR: '/opt/x86-sensor' })).not.toContain('/opt/x86-sensor');
  });
});

describe('assertTraceablePlatform', () => {
  it('lets amd64 and arm64 images through', () => {
    expect(() => assertTraceablePlatform('app:1', 'linux/amd64')).not.toThrow();
    expect(() => assertTraceablePlatform('app:1', 'linux/arm64')).not.toThrow();
  });

  it('refuses another platform with a usage error naming the two it can trace', () => {
    let caught: unknown;
    try {
      assertTraceablePlatform('app:1', 'linux/arm/v7');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MinifyError);
    expect((caught as MinifyError).code).toBe(2);
    expect((caught as MinifyError).message).toBe('image app:1 is linux/arm/v7; the sensor runs only in linux/amd64 and linux/arm64 images');
  });
});
