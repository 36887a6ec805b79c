// Liveness and expansion of components on small synthetic images: traced evidence, liveBecause,
// dependencies (runtime followed, dev not), runtime-dead files dropped, --exclude precedence.
import { describe, expect, it } from 'vitest';
import type { Component, ComponentIndex } from '../../src/ecosystem/types.js';
import { liveComponents } from '../../src/plan/components.js';
import { planSlim } from '../../src/plan/plan.js';
import type { ElfInfo, PlanInput } from '../../src/plan/types.js';
import type { FileEntry, Manifest, PlanRules, TraceEvent, TraceReport } from '../../src/types.js';

function manifestOf(files: Record<string, number>): Manifest {
  const entries = new Map<string, FileEntry>();
  const put = (path: string, type: 'file' | 'dir', size: number): void => {
    entries.set(path, { path, type, mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex: 0 });
  };
  for (const [path, size] of Object.entries(files)) {
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) if (!entries.has(path.slice(0, i))) put(path.slice(0, i), 'dir', 0);
    put(path, 'file', size);
  }
  return { entries };
}

type Spec = Pick<Component, 'id' | 'files'> & Partial<Component>;
function indexOf(specs: readonly Spec[]): ComponentIndex {
  const components = new Map<string, Component>(
    specs.map((s) => [s.id, { kind: 'dpkg', name: s.id.split(':')[1] ?? s.id, dependsOn: [], role: 'runtime', ...s }]),
  );
  const owner = new Map<string, Component>();
  for (const c of components.values()) for (const f of [...c.files, ...(c.metadata ?? [])]) owner.set(f, c);
  return { components, ownerOf: (path) => owner.get(path) };
}

function traceOf(paths: readonly string[], result = 0): TraceReport {
  const events: TraceEvent[] = paths.map((path) => ({ path, op: 'open', result, pid: 1, source: 'ptrace' }));
  return { schemaVersion: 1, mode: 'both', events, execs: [], warnings: [] };
}

const rules: PlanRules = { include: [], includeBin: [], includeShell: false, exclude: [], closure: 'component' };
const isDoc = (path: string): boolean => path.startsWith('/usr/share/doc/');
const elf64 = (o: Partial<ElfInfo> = {}): ElfInfo => ({ needed: [], rpath: [], runpath: [], class: 64, machine: 62, ...o });

const manifest = manifestOf({
  '/usr/bin/app': 100, '/usr/lib/app/plugin-a.so': 10, '/usr/lib/app/plugin-b.so': 20, '/usr/share/doc/app/README': 5,
  '/usr/lib/libz.so.1': 30, '/usr/share/doc/libz/copyright': 1,
  '/usr/lib/libextra.so': 40, '/usr/include/z.h': 2, '/usr/bin/gcc': 500, '/usr/share/zoneinfo/UTC': 3, '/usr/share/zoneinfo/Europe/Paris': 4,
  '/var/lib/dpkg/info/app.list': 1,
});
const index = indexOf([
  { id: 'dpkg:app', files: ['/usr/bin/app', '/usr/lib/app/plugin-a.so', '/usr/lib/app/plugin-b.so', '/usr/share/doc/app/README'], dependsOn: ['dpkg:libz', 'dpkg:gcc', 'dpkg:docs'], metadata: ['/var/lib/dpkg/info/app.list'] },
  { id: 'dpkg:libz', files: ['/usr/lib/libz.so.1', '/usr/share/doc/libz/copyright'] },
  { id: 'dpkg:gcc', files: ['/usr/bin/gcc', '/usr/include/z.h'], role: 'dev' },
  { id: 'dpkg:docs', files: [], role: 'docs' },
  { id: 'dpkg:extra', files: ['/usr/lib/libextra.so'] },
  { id: 'data:zoneinfo', kind: 'dataset', files: ['/usr/share/zoneinfo/UTC', '/usr/share/zoneinfo/Europe/Paris'], role: 'data' },
]);

function plan(o: Partial<PlanInput> = {}) {
  return planSlim({ manifest, trace: traceOf([]), rules, config: {}, elf: new Map(), textFiles: new Map(), components: { index, isRuntimeDead: isDoc }, ...o });
}

describe('liveComponents', () => {
  it('makes a component live from a traced file and follows runtime dependencies only', () => {
    const live = liveComponents({ index, manifest, trace: traceOf(['/usr/lib/app/plugin-a.so']) });
    expect([...live]).toEqual([
      ['dpkg:app', { why: 'traced /usr/lib/app/plugin-a.so', by: 'trace' }],
      ['dpkg:libz', { why: 'dependency of dpkg:app', by: 'dependency' }],
    ]);
  });

  it('takes no evidence from failed lookups or from directories', () => {
    expect(liveComponents({ index, manifest, trace: traceOf(['/usr/lib/libextra.so'], 2) }).size).toBe(0);
    const dirIndex = indexOf([{ id: 'dpkg:app', files: ['/usr/lib/app', '/usr/lib/app/plugin-a.so'] }]);
    expect(liveComponents({ index: dirIndex, manifest, trace: traceOf(['/usr/lib/app']) }).size).toBe(0);
  });

  it('never makes a dev component live, even when traced', () => {
    expect(liveComponents({ index, manifest, trace: traceOf(['/usr/bin/gcc']) }).size).toBe(0);
  });

  it('makes a component live by config evidence (liveBecause)', () => {
    const withTz = indexOf([{ id: 'data:zoneinfo', files: ['/usr/share/zoneinfo/UTC'], role: 'data', liveBecause: 'TZ is set' }]);
    expect([...liveComponents({ index: withTz, manifest, trace: traceOf([]) })]).toEqual([['data:zoneinfo', { why: 'TZ is set', by: 'config' }]]);
  });
});

describe('planSlim --closure component', () => {
  it('keeps a live component whole minus runtime-dead files, with its metadata and reasons', () => {
    const p = plan({ trace: traceOf(['/usr/bin/app']) });
    expect(p.keep.get('/usr/bin/app')).toEqual({ kind: 'traced', ops: ['open'] });
    expect(p.keep.get('/usr/lib/app/plugin-b.so')).toEqual({ kind: 'component', component: 'dpkg:app', evidence: 'traced /usr/bin/app' });
    expect(p.keep.get('/usr/lib/libz.so.1')).toEqual({ kind: 'component', component: 'dpkg:libz', evidence: 'dependency of dpkg:app' });
    expect(p.keep.get('/var/lib/dpkg/info/app.list')?.kind).toBe('component');
    expect(p.keep.has('/usr/share/doc/app/README')).toBe(false);
    expect(p.keep.has('/usr/share/doc/libz/copyright')).toBe(false);
    expect(p.keep.has('/usr/bin/gcc')).toBe(false);
    expect(p.keep.has('/usr/lib/libextra.so')).toBe(false);
    expect(p.keep.has('/usr/share/zoneinfo/UTC')).toBe(false);
    expect(p.components).toEqual([
      { id: 'dpkg:app', kind: 'dpkg', name: 'app', bytes: 131, files: 4, why: 'traced /usr/bin/app' },
      { id: 'dpkg:libz', kind: 'dpkg', name: 'libz', bytes: 30, files: 1, why: 'dependency of dpkg:app' },
    ]);
  });

  it('keeps only the traced files with --closure traced', () => {
    const p = plan({ trace: traceOf(['/usr/bin/app']), rules: { ...rules, closure: 'traced' } });
    expect(p.keep.has('/usr/lib/app/plugin-b.so')).toBe(false);
    expect(p.components).toEqual([]);
  });

  it('lets --exclude win over component files but not over the ELF libraries of a kept binary', () => {
    const elf = new Map([
      ['/usr/lib/app/plugin-b.so', elf64({ needed: ['libextra.so'] })],
      ['/usr/lib/libextra.so', elf64()],
      ['/usr/lib/libz.so.1', elf64()],
    ]);
    const p = plan({ trace: traceOf(['/usr/bin/app']), elf, rules: { ...rules, exclude: ['/usr/lib/libz.so.1', '/usr/lib/libextra.so'] } });
    expect(p.keep.has('/usr/lib/libz.so.1')).toBe(false);
    // a live component's sibling brings its libraries, whatever --exclude says
    expect(p.keep.get('/usr/lib/libextra.so')).toEqual({ kind: 'elf-dep-of', path: '/usr/lib/app/plugin-b.so' });
    const q = plan({ trace: traceOf(['/usr/bin/app']), rules: { ...rules, exclude: ['/usr/lib/app/**'] } });
    expect(q.keep.has('/usr/lib/app/plugin-a.so')).toBe(false);
    expect(q.keep.has('/usr/bin/app')).toBe(true);
  });

  it('keeps a traced runtime-dead file: the trace is evidence of its own', () => {
    const p = plan({ trace: traceOf(['/usr/share/doc/app/README']) });
    expect(p.keep.get('/usr/share/doc/app/README')?.kind).toBe('traced');
    expect(p.keep.get('/usr/lib/app/plugin-a.so')?.kind).toBe('component');
    expect(p.keep.has('/usr/bin/app')).toBe(false);
  });

  it('brings no untraced programs and no linked libraries: exec and the ELF closure decide those', () => {
    const m = manifestOf({ '/usr/bin/app': 1, '/usr/bin/helper': 7, '/usr/lib/libplugin.so.1': 8, '/usr/lib/libused.so.1': 9, '/usr/lib/libunused.so.1': 6, '/usr/share/helper/data': 2, '/usr/lib/helper/mod.so': 3 });
    const deps = indexOf([
      { id: 'dpkg:app', files: ['/usr/bin/app'], dependsOn: ['dpkg:helper'] },
      { id: 'dpkg:helper', files: ['/usr/bin/helper', '/usr/lib/libplugin.so.1', '/usr/lib/libused.so.1', '/usr/lib/libunused.so.1', '/usr/share/helper/data', '/usr/lib/helper/mod.so'] },
    ]);
    const elf = new Map([
      ['/usr/bin/app', elf64({ needed: ['libused.so.1'] })], ['/usr/bin/helper', elf64({ needed: ['libunused.so.1'] })],
      ['/usr/lib/libplugin.so.1', elf64()], ['/usr/lib/libused.so.1', elf64()], ['/usr/lib/libunused.so.1', elf64()], ['/usr/lib/helper/mod.so', elf64()],
    ]);
    const p = plan({ manifest: m, elf, trace: traceOf(['/usr/bin/app']), components: { index: deps, isRuntimeDead: () => false } });
    expect(p.keep.get('/usr/share/helper/data')).toEqual({ kind: 'component', component: 'dpkg:helper', evidence: 'dependency of dpkg:app' });
    expect(p.keep.get('/usr/lib/helper/mod.so')?.kind).toBe('component');
    // nothing links it: loaded by name, it stays with its component
    expect(p.keep.get('/usr/lib/libplugin.so.1')?.kind).toBe('component');
    expect(p.keep.has('/usr/bin/helper')).toBe(false);
    expect(p.keep.has('/usr/lib/libunused.so.1')).toBe(false);
    expect(p.keep.get('/usr/lib/libused.so.1')).toEqual({ kind: 'elf-dep-of', path: '/usr/bin/app' });
    // traced itself, the helper's programs still need their own evidence
    const q = plan({ manifest: m, elf, trace: traceOf(['/usr/share/helper/data']), components: { index: deps, isRuntimeDead: () => false } });
    expect(q.keep.has('/usr/bin/helper')).toBe(false);
    expect(q.keep.has('/usr/lib/libused.so.1')).toBe(false);
  });
});

describe('module dirs of a program that ran', () => {
  const pkgIndex = indexOf([
    { id: 'dpkg:server', files: ['/usr/bin/app'] },
    { id: 'dpkg:libz', files: ['/usr/lib/libz.so.1'] },
    { id: 'dir:/usr/lib/app', kind: 'module-dir', files: ['/usr/lib/app/plugin-a.so', '/usr/lib/app/plugin-b.so'], carvedFrom: ['dpkg:server'] },
    { id: 'dir:/usr/lib/gconv', kind: 'module-dir', files: ['/usr/lib/libextra.so'], carvedFrom: ['dpkg:libz'] },
  ]);
  const ran = (paths: string[], loaded: string[] = []): TraceReport => ({
    ...traceOf(loaded),
    execs: paths.map((path) => ({ pid: 1, path, argv: [path] })),
  });

  it('makes the module dirs of the ran program\'s package live, though no module was loaded', () => {
    const live = liveComponents({ index: pkgIndex, manifest, trace: ran(['/usr/bin/app']) });
    expect(live.get('dir:/usr/lib/app')).toEqual({ why: 'module dir of dpkg:server (ran /usr/bin/app)', by: 'trace' });
  });

  it('takes no such evidence from a library being loaded: only a program that ran counts', () => {
    const live = liveComponents({ index: pkgIndex, manifest, trace: ran([], ['/usr/lib/libz.so.1']) });
    expect(live.has('dpkg:libz')).toBe(true);
    expect(live.has('dir:/usr/lib/gconv')).toBe(false);
  });

  it('does not count the dynamic loader, opened for exec on every program start, unless it was run by name', () => {
    const opened: TraceReport = { ...traceOf([]), events: [{ path: '/usr/lib/libz.so.1', op: 'exec', result: 0, pid: 1, source: 'fanotify' }] };
    const interpreters = new Set(['/usr/lib/libz.so.1']);
    expect(liveComponents({ index: pkgIndex, manifest, trace: opened }).has('dir:/usr/lib/gconv')).toBe(true);
    expect(liveComponents({ index: pkgIndex, manifest, trace: opened, interpreters }).has('dir:/usr/lib/gconv')).toBe(false);
    expect(liveComponents({ index: pkgIndex, manifest, trace: ran(['/usr/lib/libz.so.1']), interpreters }).has('dir:/usr/lib/gconv')).toBe(true);
  });
});

describe('dirs owned by the image User', () => {
  const passwd = 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/nonexistent:/bin/sh\n';
  const entries = new Map(manifest.entries);
  entries.set('/var', { path: '/var', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: 0 });
  entries.set('/var/lib', { path: '/var/lib', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: 0 });
  entries.set('/var/lib/app-state', { path: '/var/lib/app-state', type: 'dir', mode: 0o755, uid: 1000, gid: 1000, size: 0, mtime: 0, layerIndex: 1 });
  const withState: Manifest = { entries };
  const textFiles = new Map([['/etc/passwd', passwd]]);

  it('keeps an empty dir the image made for its non-root User, by name or by uid', () => {
    for (const User of ['app', '1000', 'app:app']) {
      const result = plan({ manifest: withState, config: { User }, textFiles });
      expect(result.keep.get('/var/lib/app-state')).toEqual({ kind: 'allowlist', rule: `dir owned by User ${User}` });
    }
  });

  it('keeps no such dirs for root or without a User', () => {
    expect(plan({ manifest: withState, textFiles }).keep.has('/var/lib/app-state')).toBe(false);
    expect(plan({ manifest: withState, config: { User: 'root' }, textFiles }).keep.has('/var/lib/app-state')).toBe(false);
  });
});
