// Paths an app names in its source or the image config make the app content there live with it.
import { describe, expect, it } from 'vitest';
import { isAppSource, linkNamedApps, pathsNamedIn } from '../../src/ecosystem/named-paths.js';
import type { Component } from '../../src/ecosystem/types.js';

const app = (root: string, files: string[]): Component => ({ id: `app:${root}`, kind: 'app', name: root, files, dependsOn: [], role: 'runtime' });

describe('named paths', () => {
  it('reads absolute paths, not relative ones, home-relative ones or URL paths', () => {
    expect([...pathsNamedIn('D = "/srv/downloads"; x = "../data/y"; u = "http://host/srv/x"; h = "~/notes"; p = "a/b"')]).toEqual(['/srv/downloads']);
    expect([...pathsNamedIn('PATH=/usr/local/bin:/srv/tools/bin')]).toEqual(['/usr/local/bin', '/srv/tools/bin']);
  });

  it('captures app source, not system, package or big files', () => {
    expect(isAppSource('/srv/app/server.py', 1000)).toBe(true);
    expect(isAppSource('/usr/local/app/main.js', 1000)).toBe(true);
    expect(isAppSource('/usr/lib/python3.11/json/__init__.py', 1000)).toBe(false);
    expect(isAppSource('/app/node_modules/x/index.js', 1000)).toBe(false);
    expect(isAppSource('/srv/app/data.bin', 1000)).toBe(false);
    expect(isAppSource('/srv/app/huge.json', 1 << 20)).toBe(false);
  });

  it('makes a named app component a dependency, and one the config names live', () => {
    const apps = [app('/srv/web', ['/srv/web/app.py']), app('/srv/downloads', ['/srv/downloads/a.txt']), app('/srv/media', ['/srv/media/b.png']), app('/opt/unused', ['/opt/unused/c'])];
    const text = new Map([['/srv/web/app.py', 'DOWNLOADS = "/srv/downloads"\nSELF = "/srv/web/templates"\n']]);
    const linked = new Map(linkNamedApps(apps, text, { Env: ['MEDIA_ROOT=/srv/media/'] }).map((c) => [c.id, c]));
    expect(linked.get('app:/srv/web')?.dependsOn).toEqual(['app:/srv/downloads']);
    expect(linked.get('app:/srv/media')?.liveBecause).toBe('named by the image config (Env MEDIA_ROOT /srv/media/)');
    expect(linked.get('app:/opt/unused')).toEqual(apps[3]);
    expect(linked.get('app:/srv/downloads')?.liveBecause).toBeUndefined();
  });
});
