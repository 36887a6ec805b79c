// Size/ratio flag parsing and human formatting shared by the commands.
import { describe, expect, it } from 'vitest';
import { formatTable, parseRatio, parseSize } from '../../src/cli/format.js';
import { formatBytes, formatPercent } from '../../src/format.js';
import { UsageError } from '../../src/errors.js';

describe('parseSize', () => {
  it.each([
    ['500MB', 500_000_000], ['1.2GiB', Math.round(1.2 * 1024 ** 3)], ['300k', 300_000], ['42', 42], ['1 mb', 1_000_000],
    ['2KiB', 2048], ['0.5g', 500_000_000], ['7b', 7],
  ])('reads %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'MB', '-5MB', '12 parsecs', '1.2.3MB', '5 M B'])('rejects %j as a usage error', (text) => {
    expect(() => parseSize(text, '--max-size')).toThrow(UsageError);
  });
});

describe('parseRatio', () => {
  it('reads fractions and percents in 0..1', () => {
    expect(parseRatio('0.9')).toBe(0.9);
    expect(parseRatio('95%')).toBe(0.95);
    expect(() => parseRatio('1.5')).toThrow(UsageError);
    expect(() => parseRatio('abc')).toThrow(UsageError);
  });
});

describe('formatting', () => {
  it('prints bytes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(1_160_000_000)).toBe('1.2 GB');
    expect(formatBytes(500_000_000)).toBe('500 MB');
    expect(formatBytes(12_345)).toBe('12.3 kB');
  });

  it('prints percentages and aligned tables', () => {
    expect(formatPercent(0.8734)).toBe('87.3 %');
    expect(formatTable([['1', '10 MB', 'RUN x'], ['12', '1.2 GB', 'COPY . .']], ['right', 'right', 'left'])).toEqual([
      ' 1   10 MB  RUN x',
      '12  1.2 GB  COPY . .',
    ]);
  });
});
