// Parses dpkg's control-file syntax: status stanzas and relationship fields (Depends, Provides).

export type Stanza = ReadonlyMap<string, string>;

/** Stanzas separated by blank lines; `Field: value` with continuation lines (leading space) joined by `\n`. Field names lowercased. */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current = new Map<string, string>();
  let field: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      field = undefined;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && field !== undefined) {
      current.set(field, `${current.get(field) ?? ''}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    field = line.slice(0, colon).trim().toLowerCase();
    current.set(field, line.slice(colon + 1).trim());
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

export interface Relation {
  readonly name: string;
  /** Arch qualifier after `:` (`any`, `native`, `amd64`), if given. */
  readonly archQualifier?: string;
  readonly op?: string;
  readonly version?: string;
}

/** `a (>= 1) | b:any, c [amd64] <!nocheck>` → [[a, b], [c]]: AND of ORs. */
export function parseRelations(field: string | undefined): Relation[][] {
  if (field === undefined || field.trim() === '') return [];
  const groups: Relation[][] = [];
  for (const clause of field.split(',')) {
    const alternatives: Relation[] = [];
    for (const alt of clause.split('|')) {
      const text = alt.replace(/\[[^\]]*\]/g, ' ').replace(/<[^>]*>/g, ' ').trim();
      const m = /^([A-Za-z0-9][A-Za-z0-9+.\-]*)(?::([A-Za-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^)\s]+)\s*\))?/.exec(text);
      if (!m?.[1]) continue;
      alternatives.push({
        name: m[1],
        ...(m[2] ? { archQualifier: m[2] } : {}),
        ...(m[3] && m[4] ? { op: m[3], version: m[4] } : {}),
      });
    }
    if (alternatives.length > 0) groups.push(alternatives);
  }
  return groups;
}
