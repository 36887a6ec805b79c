// Python reader: RECORD with quoted commas, dists without RECORD, Requires-Dist by normalized name, the stdlib and its parts.
import { describe, expect, it } from 'vitest';
import { readComponents } from '../../src/ecosystem/index.js';
import { recordPaths, requirementName } from '../../src/ecosystem/python-metadata.js';
import { treeInput } from './ecosystem-helpers.js';

const SITE = '/usr/local/lib/python3.11/site-packages';
const DEB = '/usr/lib/python3/dist-packages';

const input = treeInput({
  files: {
    [`${SITE}/Jinja2-3.1.2.dist-info/METADATA`]: 'Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nRequires-Dist: MarkupSafe (>=2.0)\nRequires-Dist: Babel (>=2.7) ; extra == "i18n"\n\nJinja is a template engine.\nName: not-a-header\n',
    [`${SITE}/Jinja2-3.1.2.dist-info/RECORD`]: [
      'jinja2/__init__.py,sha256=abc,100',
      '"jinja2/odd, name.py",sha256=def,10',
      'jinja2/__pycache__/__init__.cpython-311.pyc,,',
      'jinja2/removed.py,sha256=x,1',
      '../../../bin/jinja,sha256=y,5',
      'Jinja2-3.1.2.dist-info/METADATA,,',
      'Jinja2-3.1.2.dist-info/RECORD,,',
    ].join('\n'),
    [`${SITE}/jinja2/__init__.py`]: 'x',
    [`${SITE}/jinja2/odd, name.py`]: 'x',
    [`${SITE}/jinja2/__pycache__/__init__.cpython-311.pyc`]: 5,
    '/usr/local/bin/jinja': 'x',
    [`${SITE}/markupsafe/__init__.py`]: 'x',
    [`${SITE}/markupsafe/_speedups.cpython-311-x86_64-linux-gnu.so`]: 100,
    [`${SITE}/MarkupSafe-2.1.3.dist-info/METADATA`]: 'Name: MarkupSafe\nVersion: 2.1.3\n',
    [`${SITE}/MarkupSafe-2.1.3.dist-info/RECORD`]: 'markupsafe/__init__.py,,\nmarkupsafe/_speedups.cpython-311-x86_64-linux-gnu.so,,\n',
    // Debian style: no RECORD; top_level.txt names the package, or nothing names it at all.
    [`${DEB}/Flask-2.2.2.egg-info/PKG-INFO`]: 'Name: Flask\nVersion: 2.2.2\n',
    [`${DEB}/Flask-2.2.2.egg-info/top_level.txt`]: 'flask\n',
    [`${DEB}/Flask-2.2.2.egg-info/requires.txt`]: 'Werkzeug>=2.2.2\nJinja2>=3.0\n\n[async]\nasgiref>=3.2\n',
    [`${DEB}/flask/__init__.py`]: 'x',
    [`${DEB}/flask/json/tag.py`]: 'x',
    [`${DEB}/six-1.16.0.egg-info/PKG-INFO`]: 'Name: six\nVersion: 1.16.0\n',
    [`${DEB}/six.py`]: 'x',
    [`${DEB}/__pycache__/six.cpython-311.pyc`]: 5,
    // The stdlib, with parts kept only when traced.
    '/usr/lib/python3.11/os.py': 'x',
    '/usr/lib/python3.11/json/__init__.py': 'x',
    '/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so': 100,
    '/usr/lib/python3.11/test/test_os.py': 'x',
    '/usr/lib/python3.11/idlelib/idle.py': 'x',
    '/usr/lib/python3.11/tkinter/__init__.py': 'x',
  },
  elf: { [`${SITE}/markupsafe/_speedups.cpython-311-x86_64-linux-gnu.so`]: {}, '/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so': {} },
});

describe('python reader', () => {
  const index = readComponents(input);
  const owner = (p: string) => index.ownerOf(p)?.id;

  it('reads RECORD rows, quoted commas included, relative to the site dir, skipping absent files', () => {
    expect(recordPaths('"a, b.py",sha256=x,1\n"say ""hi"".txt",,\nplain.py,,\n')).toEqual(['a, b.py', 'say "hi".txt', 'plain.py']);
    const jinja = index.components.get('py:jinja2');
    expect(jinja?.files).toEqual([
      '/usr/local/bin/jinja',
      `${SITE}/Jinja2-3.1.2.dist-info`,
      `${SITE}/Jinja2-3.1.2.dist-info/METADATA`,
      `${SITE}/Jinja2-3.1.2.dist-info/RECORD`,
      `${SITE}/jinja2`,
      `${SITE}/jinja2/__init__.py`,
      `${SITE}/jinja2/__pycache__`,
      `${SITE}/jinja2/__pycache__/__init__.cpython-311.pyc`,
      `${SITE}/jinja2/odd, name.py`,
    ]);
    expect(jinja?.purl).toBe('pkg:pypi/jinja2@3.1.2');
    expect(jinja?.metadata).toEqual([`${SITE}/Jinja2-3.1.2.dist-info/METADATA`, `${SITE}/Jinja2-3.1.2.dist-info/RECORD`]);
  });

  it('resolves Requires-Dist by normalized name, leaving extras out', () => {
    expect(requirementName('zope.interface[docs] (>=5) ; python_version < "3.12"')).toBe('zope.interface');
    expect(requirementName('Babel ; extra == "i18n"')).toBeUndefined();
    expect(index.components.get('py:jinja2')?.dependsOn).toEqual(['py:markupsafe']);
    // requires.txt: Werkzeug is not installed, Jinja2 is (in another site dir); the [async] extra is left out.
    expect(index.components.get('py:flask')?.dependsOn).toEqual(['py:jinja2']);
  });

  it('keeps an extension module with its dist rather than making a module dir of it', () => {
    expect(owner(`${SITE}/markupsafe/_speedups.cpython-311-x86_64-linux-gnu.so`)).toBe('py:markupsafe');
    expect([...index.components.keys()].filter((id) => id.startsWith('dir:'))).toEqual([]);
  });

  it('falls back to top_level.txt, then to the dist name, without RECORD', () => {
    expect(owner(`${DEB}/flask/json/tag.py`)).toBe('py:flask');
    expect(owner(`${DEB}/flask/json`)).toBe('py:flask');
    expect(owner(`${DEB}/six.py`)).toBe('py:six');
    expect(owner(`${DEB}/__pycache__/six.cpython-311.pyc`)).toBe('py:six');
  });

  it('makes the stdlib one component, with lib-dynload, and its optional parts components of their own', () => {
    expect(owner('/usr/lib/python3.11/json/__init__.py')).toBe('py-stdlib:3.11');
    expect(owner('/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so')).toBe('py-stdlib:3.11');
    expect(owner('/usr/lib/python3.11/test/test_os.py')).toBe('py-stdlib:3.11/test');
    expect(owner('/usr/lib/python3.11/idlelib/idle.py')).toBe('py-stdlib:3.11/idlelib');
    expect(owner('/usr/lib/python3.11/tkinter')).toBe('py-stdlib:3.11/tkinter');
    expect(index.components.get('py-stdlib:3.11/test')?.dependsOn).toEqual(['py-stdlib:3.11']);
    expect(index.components.get('py-stdlib:3.11')?.dependsOn).toEqual([]);
  });
});
