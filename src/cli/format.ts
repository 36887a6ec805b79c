// Terminal formatting and flag parsing of the commands: aligned tables, size/ratio/count flags.
// Sizes and percentages themselves are formatted in src/format.ts (reports use them too).
import { UsageError } from '../errors.js';

export type Align = 'left' | 'right';

/** Pads columns to their widest cell; the last column is never padded (it may be long). */
export function formatTable(rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1 && align[i] !== 'right') return cell;
        const width = widths[i] ?? 0;
        return align[i] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}

const FACTORS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  ki: 1024, kib: 1024, mi: 1024 ** 2, mib: 1024 ** 2, gi: 1024 ** 3, gib: 1024 ** 3, ti: 1024 ** 4, tib: 1024 ** 4,
};

/** Parses `500MB`, `1.2GiB`, `300k`, `42` (bytes). Decimal units are powers of 1000, `*iB` of 1024. */
export function parseSize(text: string, flag = 'size'): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match ? FACTORS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new UsageError(`${flag}: cannot read "${text}" as a size`, 'write a number with an optional unit, e.g. 500MB, 1.2GiB, 300k');
  }
  return Math.round(Number(match[1]) * factor);
}

/** Parses a ratio in 0..1 (a trailing `%` means percent: `90%` = 0.9). */
export function parseRatio(text: string, flag = 'ratio'): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!match || !(value >= 0 && value <= 1)) {
    throw new UsageError(`${flag}: "${text}" is not a ratio between 0 and 1`, 'e.g. 0.9 or 90%');
  }
  return value;
}

/** Parses a positive integer flag value. */
export function parseCount(text: string, flag = 'count'): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw new UsageError(`${flag}: "${text}" is not a positive whole number`, `e.g. ${flag} 10`);
  return Number(text);
}
