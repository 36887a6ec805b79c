// Debian version comparison (deb-version(7)) and relation checks for Depends constraints.

function charOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (c >= '0' && c <= '9') return 0;
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs; `~` sorts before everything, even the end. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = charOrder(i < a.length && !isDigit(a[i]) ? a[i] : undefined);
      const bc = charOrder(j < b.length && !isDigit(b[j]) ? b[j] : undefined);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = (a.charCodeAt(i) as number) - (b.charCodeAt(j) as number);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function split(version: string): { epoch: number; upstream: string; revision: string } {
  const colon = version.indexOf(':');
  const epoch = colon > 0 ? Number.parseInt(version.slice(0, colon), 10) || 0 : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

/** Negative, zero or positive like a comparator. */
export function compareDebianVersions(a: string, b: string): number {
  const va = split(a.trim());
  const vb = split(b.trim());
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  return compareFragment(va.upstream, vb.upstream) || compareFragment(va.revision, vb.revision);
}

/** Whether `version` satisfies `op wanted` (`<<`, `<=`, `=`, `>=`, `>>`; the obsolete `<` and `>` mean `<=` and `>=`). */
export function satisfiesRelation(version: string, op: string, wanted: string): boolean {
  const cmp = compareDebianVersions(version, wanted);
  switch (op) {
    case '<<':
      return cmp < 0;
    case '<=':
    case '<':
      return cmp <= 0;
    case '=':
      return cmp === 0;
    case '>=':
    case '>':
      return cmp >= 0;
    case '>>':
      return cmp > 0;
    default:
      return true;
  }
}
