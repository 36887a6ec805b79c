// App content roots, junk left out, carving precedence and ties, __pycache__ with its module, capture choices.
import { describe, expect, it } from 'vitest';
import { readComponents, wantsText } from '../../src/ecosystem/index.js';
import { listFile, stanza, treeInput } from './ecosystem-helpers.js';

const status = [stanza({ Package: 'base-files' }), stanza({ Package: 'nginx-common', Architecture: 'all' }), stanza({ Package: 'python3-foo' })].join('\n');

const input = treeInput({
  files: {
    '/var/lib/dpkg/status': status,
    '/var/lib/dpkg/info/base-files.list': listFile(['/.', '/etc', '/opt', '/usr', '/usr/share', '/var', '/var/lib', '/etc/os-release']),
    '/var/lib/dpkg/info/nginx-common.list': listFile(['/etc/nginx', '/etc/nginx/nginx.conf', '/var/www', '/var/www/html', '/var/www/html/index.nginx-debian.html']),
    '/var/lib/dpkg/info/python3-foo.list': listFile(['/usr/lib/python3/dist-packages/foo', '/usr/lib/python3/dist-packages/foo/__init__.py']),
    '/etc/os-release': 'x',
    '/etc/nginx/nginx.conf': 'x',
    // The site replaced Debian's placeholder page.
    '/var/www/html/index.html': '<h1>',
    '/var/www/html/css/site.css': 'x',
    '/opt/shop/bin/run.sh': 'x',
    '/opt/shop/data/items.json': 'x',
    '/opt/shop/.git/HEAD': 'ref',
    '/opt/shop/coverage/lcov.info': 'x',
    '/opt/shop/tests/test_items.py': 'x',
    '/opt/other/readme.txt': 'x',
    '/etc/myapp/config.yaml': 'x',
    '/etc/ld.so.cache': 10,
    '/etc/myapp.conf': 'x',
    '/var/lib/dpkg/lock': 0,
    '/usr/lib/python3/dist-packages/foo/__init__.py': 'x',
    '/usr/lib/python3/dist-packages/foo/__pycache__/__init__.cpython-311.pyc': 10,
  },
});

describe('app content', () => {
  const index = readComponents(input);

  it('roots a web root whose package placeholder is gone at the web root', () => {
    expect(index.ownerOf('/var/www/html/index.html')?.id).toBe('app:/var/www/html');
    expect(index.ownerOf('/var/www/html/css/site.css')?.id).toBe('app:/var/www/html');
    expect(index.components.get('app:/var/www/html')?.files).toEqual(['/var/www/html/css', '/var/www/html/css/site.css', '/var/www/html/index.html']);
  });

  it('roots an unowned tree at its topmost unowned dir, below hierarchy dirs, minus junk', () => {
    const shop = index.components.get('app:/opt/shop');
    expect(shop?.files).toEqual(['/opt/shop', '/opt/shop/bin', '/opt/shop/bin/run.sh', '/opt/shop/data', '/opt/shop/data/items.json']);
    expect(index.ownerOf('/opt/other/readme.txt')?.id).toBe('app:/opt/other');
    expect(index.ownerOf('/etc/myapp/config.yaml')?.id).toBe('app:/etc/myapp');
  });

  it('never roots at a dir holding package files, nor in package-manager state', () => {
    expect(index.ownerOf('/etc/myapp.conf')).toBeUndefined();
    expect(index.ownerOf('/etc/ld.so.cache')).toBeUndefined();
    expect(index.ownerOf('/var/lib/dpkg/lock')).toBeUndefined();
    expect([...index.components.keys()].filter((id) => id.startsWith('app:')).sort()).toEqual([
      'app:/etc/myapp', 'app:/opt/other', 'app:/opt/shop', 'app:/var/www/html',
    ]);
  });

  it("gives a module's __pycache__ to the module's owner", () => {
    expect(index.ownerOf('/usr/lib/python3/dist-packages/foo/__pycache__/__init__.cpython-311.pyc')?.id).toBe('dpkg:python3-foo');
    expect(index.components.get('dpkg:python3-foo')?.files).toContain('/usr/lib/python3/dist-packages/foo/__pycache__');
  });

  it('lists each path in exactly one component', () => {
    const seen = new Map<string, string>();
    for (const c of index.components.values()) {
      for (const f of c.files) {
        expect(seen.get(f), f).toBeUndefined();
        seen.set(f, c.id);
        expect(index.ownerOf(f)?.id).toBe(c.id);
      }
    }
  });
});

describe('wantsText', () => {
  it('asks for package databases and manifests, not for content', () => {
    expect(wantsText('/var/lib/dpkg/status', 5 << 20)).toBe(true);
    expect(wantsText('/var/lib/dpkg/info/libc6:amd64.list', 100)).toBe(true);
    expect(wantsText('/var/lib/dpkg/info/libc6:amd64.postinst', 100)).toBe(false);
    expect(wantsText('/app/node_modules/express/package.json', 100)).toBe(true);
    expect(wantsText('/app/package-lock.json', 20 << 20)).toBe(true);
    expect(wantsText('/usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/RECORD', 100)).toBe(true);
    expect(wantsText('/usr/lib/python3/dist-packages/foo.egg-info', 100)).toBe(true);
    expect(wantsText('/app/server.js', 100)).toBe(false);
    expect(wantsText('/app/node_modules/big/package.json', 10 << 20)).toBe(false);
  });
});
