// Image reference parsing and derived tags.
import { describe, expect, it } from 'vitest';
import { derivedTag, formatImageRef, parseImageRef } from '../../src/image/ref.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('image ref', () => {
  it('parses the reference table', () => {
    const table: [string, object][] = [
      ['redis', { repository: 'redis' }],
      ['redis:7.2', { repository: 'redis', tag: '7.2' }],
      ['minify-fixture/node-api:1.0', { repository: 'minify-fixture/node-api', tag: '1.0' }],
      ['localhost:5000/a/b:tag', { registry: 'localhost:5000', repository: 'a/b', tag: 'tag' }],
      ['localhost/a', { registry: 'localhost', repository: 'a' }],
      ['my.host/a_b/c-d:v1_2.3-x', { registry: 'my.host', repository: 'a_b/c-d', tag: 'v1_2.3-x' }],
      [`app@${D}`, { repository: 'app', digest: D }],
      [`app:1@${D}`, { repository: 'app', tag: '1', digest: D }],
    ];
    for (const [text, want] of table) {
      const ref = parseImageRef(text);
      expect(ref).toEqual({ original: text, ...want });
      expect(formatImageRef(ref)).toBe(text);
    }
    for (const bad of ['', 'App', 'a:', 'a:-x', 'a@sha256:xyz', 'a//b', `a:${'x'.repeat(129)}`, 'a b', '/a', 'a:b:c']) {
      expect(() => parseImageRef(bad), bad).toThrow(/invalid image reference/);
    }
  });

  it('derives -slim and -debug tags', () => {
    expect(derivedTag(parseImageRef('app:1.4'), 'slim')).toBe('app:1.4-slim');
    expect(derivedTag(parseImageRef('app'), 'slim')).toBe('app:latest-slim');
    expect(derivedTag(parseImageRef('localhost:5000/x/app:2'), 'debug')).toBe('localhost:5000/x/app:2-debug');
    expect(derivedTag(parseImageRef(`app@${D}`), 'slim')).toBe('app:slim');
    const long = derivedTag(parseImageRef(`app:${'t'.repeat(128)}`), 'slim');
    expect(long.split(':')[1]).toHaveLength(128);
    expect(long.endsWith('-slim')).toBe(true);
  });
});
