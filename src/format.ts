// Human formatting of sizes and ratios, shared by the commands, the reports and the progress lines.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units like `docker images` shows them: 1234567 -> "1.2 MB". */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  if (unit === 0) return `${sign}${value} B`;
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(1);
  return `${sign}${text.replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** `12 MB of 180 MB read` while an image is read; the total is its inspected size (the tar runs a little over it). */
export function formatReadBytes(read: number, total: number): string {
  return total > 0 && read <= total ? `${formatBytes(read)} of ${formatBytes(total)} read` : `${formatBytes(read)} read`;
}

/** 0.8734 -> "87.3 %" */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)} %`;
}
