// Tar name normalisation and the latin1 byte-string convention.
import { describe, expect, it } from 'vitest';
import { displayPath, normalizeTarPath, toImagePath } from '../../src/image/paths.js';
import { UnsafeImageError } from '../../src/errors.js';

describe('image paths', () => {
  it('normalises tar names', () => {
    expect(normalizeTarPath('./a/b')).toBe('/a/b');
    expect(normalizeTarPath('a/b/')).toBe('/a/b');
    expect(normalizeTarPath('a//b')).toBe('/a/b');
    expect(normalizeTarPath('/a/./b')).toBe('/a/b');
    expect(normalizeTarPath('a/c/../b')).toBe('/a/b');
    expect(normalizeTarPath('./')).toBe('/');
  });

  it('rejects ../ escapes and NUL, naming the entry', () => {
    expect(() => normalizeTarPath('../etc/passwd')).toThrow(UnsafeImageError);
    expect(() => normalizeTarPath('a/../../etc')).toThrow(/a\/\.\.\/\.\.\/etc/);
    expect(() => normalizeTarPath('a\0b')).toThrow(UnsafeImageError);
  });

  it('round-trips non-UTF-8 names as byte strings', () => {
    const raw = Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('latin1'); // "caf\xe9" (latin1 é, invalid UTF-8)
    expect(Buffer.from(normalizeTarPath(raw), 'latin1').equals(Buffer.from([0x2f, 0x63, 0x61, 0x66, 0xe9]))).toBe(true);
    expect(toImagePath('/café')).toBe('/caf\u00c3\u00a9');
    expect(displayPath(toImagePath('/café'))).toBe('/café');
  });
});
