// How a run names its source: as typed, by its tag when given by id, and not at all for an untagged id.
import { describe, expect, it } from 'vitest';
import { nameSource } from '../../src/pipeline/naming.js';

const ID = 'sha256:88a91c9f5dcb8e8dc9402214715dd7d5043960ead33e3649e672584e1cc1feed';

describe('nameSource', () => {
  it('keeps a typed name (normalised) and parses it', () => {
    expect(nameSource('app:1.4', { id: ID, repoTags: ['app:1.4'] })).toMatchObject({ name: 'app:1.4', ref: { repository: 'app', tag: '1.4' } });
  });

  it('names an image given by full or short id after its first tag', () => {
    for (const typed of [ID, ID.slice(7), ID.slice(7, 19)]) {
      expect(nameSource(typed, { id: ID, repoTags: ['minify-fixture/redis:1.0'] })).toMatchObject({ name: 'minify-fixture/redis:1.0', ref: { tag: '1.0' } });
    }
  });

  it('gives no ref for an untagged id, and treats a hex-looking repository name that is not the id as a name', () => {
    expect(nameSource(ID.slice(7, 19), { id: ID, repoTags: [] })).toEqual({ name: ID.slice(7, 19) });
    expect(nameSource('abcdef123456', { id: ID, repoTags: ['abcdef123456:latest'] })).toMatchObject({ name: 'abcdef123456', ref: { repository: 'abcdef123456' } });
  });
});
