// skipBecause: a skipped test prints its reason; a test that runs prints nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { skipBecause } from '../helpers/skip-reason.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('skipBecause', () => {
  it('prints the first reason that holds and skips', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(skipBecause('arm64 trace', [[false, 'not this'], [true, 'no arm64 sensor in build/'], [true, 'nor this']])).toBe(true);
    expect(warn).toHaveBeenCalledExactlyOnceWith('skipped "arm64 trace": no arm64 sensor in build/');
  });

  it('says nothing when no condition holds', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(skipBecause('x', [[false, 'a']])).toBe(false);
    expect(skipBecause('y', [])).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });
});
