// Python packaging metadata: RECORD (CSV), METADATA/PKG-INFO headers, Requires-Dist, requires.txt, PEP 503 names.

/** PEP 503: runs of `-`, `_`, `.` become one `-`, lowercased. */
export function normalizeDistName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The first column of each RECORD row (CSV: quoted fields may hold commas and doubled quotes). */
export function recordPaths(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if (!line.startsWith('"')) {
      const comma = line.indexOf(',');
      paths.push(comma < 0 ? line : line.slice(0, comma));
      continue;
    }
    let value = '';
    for (let i = 1; i < line.length; i++) {
      const c = line[i];
      if (c === '"' && line[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') break;
      else value += c;
    }
    paths.push(value);
  }
  return paths.filter((p) => p !== '');
}

export interface DistHeaders {
  readonly name?: string;
  readonly version?: string;
  readonly requires: readonly string[];
}

/** RFC 822-style headers up to the first blank line (the body is the description). */
export function parseDistHeaders(text: string): DistHeaders {
  let name: string | undefined;
  let version: string | undefined;
  const requires: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    const field = m[1].toLowerCase();
    const value = (m[2] ?? '').trim();
    if (field === 'name') name = value;
    else if (field === 'version') version = value;
    else if (field === 'requires-dist') requires.push(value);
  }
  return { ...(name ? { name } : {}), ...(version ? { version } : {}), requires };
}

/**
 * The distribution a requirement names (`foo[bar] (>=1) ; python_version < "3.12"` → `foo`), or
 * undefined when it only applies with an extra (`; extra == "test"`): extras are optional.
 */
export function requirementName(requirement: string): string | undefined {
  const semi = requirement.indexOf(';');
  if (semi >= 0 && /\bextra\b/.test(requirement.slice(semi))) return undefined;
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
}

/** egg-info requires.txt: requirement lines before the first `[extra]` section. */
export function requiresTxtNames(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) break;
    const name = line === '' || line.startsWith('#') ? undefined : requirementName(line);
    if (name) names.push(name);
  }
  return names;
}
