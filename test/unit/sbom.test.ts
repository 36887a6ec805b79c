import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../src/ecosystem/types.js';
import { buildSbom } from '../../src/sbom/cyclonedx.js';
import { keptPackages } from '../../src/sbom/kept-packages.js';
import type { FileEntry, KeepReason, Manifest, SlimPlan } from '../../src/types.js';

const entry = (path: string, type: FileEntry['type'] = 'file'): [string, FileEntry] => [path, { path, type, mode: 0o644, uid: 0, gid: 0, size: 1, mtime: 0, layerIndex: 0 }];
const manifest: Manifest = {
  entries: new Map([
    entry('/usr', 'dir'), entry('/usr/lib', 'dir'), entry('/usr/lib/libc.so.6'), entry('/usr/bin/redis-server'),
    entry('/usr/share/doc/unused/copyright'), entry('/app/node_modules/express/index.js'),
    entry('/usr/lib/python3/dist-packages/jinja2/__init__.py'), entry('/usr/share/zoneinfo/UTC'),
  ]),
};
const component = (over: Partial<Component> & Pick<Component, 'id' | 'kind' | 'name'>): Component => ({ files: [], dependsOn: [], role: 'runtime', ...over });
const components: Component[] = [
  component({ id: 'dpkg:libc6', kind: 'dpkg', name: 'libc6', version: '2.36-9', purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64', files: ['/usr', '/usr/lib', '/usr/lib/libc.so.6'], dependsOn: ['dpkg:libgcc-s1'] }),
  component({ id: 'dpkg:redis-server', kind: 'dpkg', name: 'redis-server', version: '5:7.0.15-1', purl: 'pkg:deb/debian/redis-server@5:7.0.15-1?arch=amd64', files: ['/usr/bin/redis-server'], dependsOn: ['dpkg:libc6', 'dpkg:unused'] }),
  component({ id: 'dpkg:unused', kind: 'dpkg', name: 'unused', version: '1', files: ['/usr', '/usr/share/doc/unused/copyright'] }),
  component({ id: 'npm:express@4.18.2', kind: 'npm', name: 'express', version: '4.18.2', purl: 'pkg:npm/express@4.18.2', files: ['/app/node_modules/express/index.js'] }),
  component({ id: 'py:jinja2', kind: 'python', name: 'jinja2', version: '3.1.2', purl: 'pkg:pypi/jinja2@3.1.2', files: ['/usr/lib/python3/dist-packages/jinja2/__init__.py'] }),
  component({ id: 'data:zoneinfo', kind: 'dataset', name: 'zoneinfo', files: ['/usr/share/zoneinfo/UTC'] }),
];
const traced: KeepReason = { kind: 'traced', ops: ['open'] };
const plan = (paths: string[], live: SlimPlan['components'] = []): SlimPlan => ({
  keep: new Map(paths.map((path) => [path, traced])), missing: [], warnings: [], components: live,
});

describe('keptPackages', () => {
  it('counts packages only and keeps those the slim image holds a file of (shared dirs do not count)', () => {
    const packages = keptPackages({ components, manifest, plan: plan(['/usr', '/usr/lib', '/usr/bin/redis-server', '/app/node_modules/express/index.js', '/usr/share/zoneinfo/UTC']) });
    expect(packages.source).toBe(5);
    expect(packages.kept.map((p) => p.component.id)).toEqual(['dpkg:redis-server', 'npm:express@4.18.2']);
    expect(packages.kept[0]!.why).toBe('holds kept /usr/bin/redis-server');
  });

  it('keeps what the plan calls live, with its reason, even with no file kept', () => {
    const live = [{ id: 'py:jinja2', kind: 'python', name: 'jinja2', bytes: 0, files: 0, why: 'dependency of py:flask' }];
    const packages = keptPackages({ components, manifest, plan: plan(['/usr/lib/libc.so.6'], live) });
    expect(packages.kept.map((p) => [p.component.id, p.why])).toEqual([['dpkg:libc6', 'holds kept /usr/lib/libc.so.6'], ['py:jinja2', 'dependency of py:flask']]);
  });
});

describe('buildSbom', () => {
  const all = keptPackages({ components, manifest, plan: plan(['/usr/lib/libc.so.6', '/usr/bin/redis-server', '/app/node_modules/express/index.js', '/usr/lib/python3/dist-packages/jinja2/__init__.py']) });
  const sbom = buildSbom({
    image: { ref: 'app:1.0-slim', id: 'sha256:0123' }, packages: all.kept, tool: { name: 'minify', version: '0.1.0' },
    timestamp: new Date('2026-12-01T00:00:00Z'), serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  });
  const doc = JSON.parse(sbom.json) as {
    specVersion: string; metadata: { component: { type: string; name: string; 'bom-ref': string } };
    components: Array<{ 'bom-ref': string; name: string; version?: string; purl?: string }>;
    dependencies: Array<{ ref: string; dependsOn?: string[] }>;
  };

  it('validates against CycloneDX 1.5 with the library\'s strict JSON validator', async () => {
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(sbom.json)).toBeNull();
    // The validator can fail: a component type the spec does not know.
    const broken = sbom.json.replace('"type": "library"', '"type": "package"');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(broken)).not.toBeNull();
  });

  it('lists one component per kept package with its purl, and the image as metadata.component', () => {
    expect(doc.specVersion).toBe('1.5');
    expect(doc.metadata.component).toMatchObject({ type: 'container', name: 'app:1.0-slim' });
    expect(doc.components.map((c) => [c['bom-ref'], c.name, c.version, c.purl])).toEqual([
      ['dpkg:libc6', 'libc6', '2.36-9', 'pkg:deb/debian/libc6@2.36-9?arch=amd64'],
      ['dpkg:redis-server', 'redis-server', '5:7.0.15-1', 'pkg:deb/debian/redis-server@5:7.0.15-1?arch=amd64'],
      ['npm:express@4.18.2', 'express', '4.18.2', 'pkg:npm/express@4.18.2'],
      ['py:jinja2', 'jinja2', '3.1.2', 'pkg:pypi/jinja2@3.1.2'],
    ]);
    expect(sbom.badPurls).toEqual([]);
  });

  it('keeps dependencies among kept packages only', () => {
    const deps = new Map(doc.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get('dpkg:redis-server')).toEqual(['dpkg:libc6']);
    // libc6's dependency libgcc-s1 is not kept: no dangling ref.
    expect(deps.get('dpkg:libc6')).toEqual([]);
    expect(deps.get(doc.metadata.component['bom-ref'])).toEqual(['dpkg:libc6', 'dpkg:redis-server', 'npm:express@4.18.2', 'py:jinja2']);
  });
});
