// Build-arg substitution as in FROM: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt}, $VAR.
export type Vars = ReadonlyMap<string, string | undefined>;

export function substitute(text: string, vars: Vars, escape = '\\'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += expand(text.slice(i + 2, close), vars, escape);
      i = close;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    out += vars.get(m[0]) ?? '';
    i += m[0].length;
  }
  return out;
}

function expand(inner: string, vars: Vars, escape: string): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])(.*))?$/s.exec(inner);
  if (!m) return '';
  const value = vars.get(m[1] ?? '');
  const operator = m[3];
  if (!operator) return value ?? '';
  const set = m[2] === ':' ? value !== undefined && value !== '' : value !== undefined;
  const word = substitute(m[4] ?? '', vars, escape);
  if (operator === '-') return set ? (value ?? '') : word;
  return set ? word : '';
}
