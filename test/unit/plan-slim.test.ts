// planSlim behaviours: symlink chains, ELF closure, allowlist, include/exclude, missing paths.
import { describe, expect, it } from 'vitest';
import { planSlim } from '../../src/plan/plan.js';
import { resolvePath } from '../../src/plan/symlinks.js';
import type { ElfInfo, PlanInput } from '../../src/plan/types.js';
import type { FileEntry, FileType, Manifest, PlanRules, TraceReport } from '../../src/types.js';

type Spec = string | [path: string, type: FileType, linkTarget?: string, mode?: number];

/** `/a/` = dir, `/a` = file, tuple for links; parent dirs are added automatically. */
function manifestOf(specs: readonly Spec[]): Manifest {
  const entries = new Map<string, FileEntry>();
  const put = (path: string, type: FileType, linkTarget?: string, mode?: number): void => {
    entries.set(path, { path, type, mode: mode ?? (type === 'dir' ? 0o755 : 0o644), uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: 0, ...(linkTarget ? { linkTarget } : {}) });
  };
  for (const s of specs) {
    const [path, type, target, mode] = typeof s === 'string' ? (s.endsWith('/') ? [s.slice(0, -1), 'dir' as const] : [s, 'file' as const]) : s;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) if (!entries.has(path.slice(0, i))) put(path.slice(0, i), 'dir');
    put(path, type, target, mode);
  }
  return { entries };
}

function traceOf(paths: readonly string[], result = 0): TraceReport {
  return { schemaVersion: 1, mode: 'both', events: paths.map((path) => ({ path, op: 'open', result, pid: 1, source: 'ptrace' })), execs: [], warnings: [] };
}

const noRules: PlanRules = { include: [], includeBin: [], includeShell: false, exclude: [], closure: 'traced' };
const elf64 = (o: Partial<ElfInfo> = {}): ElfInfo => ({ needed: [], rpath: [], runpath: [], class: 64, machine: 62, ...o });

function plan(o: Partial<PlanInput> & { manifest: Manifest }) {
  return planSlim({ trace: traceOf([]), rules: noRules, config: {}, elf: new Map(), textFiles: new Map(), ...o });
}

const bookworm = [
  ['/bin', 'symlink', 'usr/bin'] as Spec,
  ['/lib', 'symlink', 'usr/lib'] as Spec,
  ['/lib64', 'symlink', 'usr/lib64'] as Spec,
  '/usr/bin/ls',
  '/usr/lib64/ld-linux-x86-64.so.2',
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/libselinux.so.1',
  '/tmp/',
];

describe('planSlim', () => {
  it('keeps a dir symlink in the chain and the final target', () => {
    const p = plan({ manifest: manifestOf(bookworm), trace: traceOf(['/bin/ls']) });
    expect(p.keep.get('/usr/bin/ls')).toEqual({ kind: 'traced', ops: ['open'] });
    expect(p.keep.get('/bin')).toEqual({ kind: 'symlink-of', path: '/bin/ls' });
    expect(p.keep.get('/usr/bin')?.kind).toBe('parent-of');
    expect(p.keep.has('/lib')).toBe(false);
  });

  it('follows the ELF closure through /lib64 and default dirs', () => {
    const elf = new Map([
      ['/usr/bin/ls', elf64({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libselinux.so.1', 'libc.so.6'] })],
      ['/usr/lib/x86_64-linux-gnu/libselinux.so.1', elf64({ needed: ['libc.so.6'] })],
      ['/usr/lib/x86_64-linux-gnu/libc.so.6', elf64()],
      ['/usr/lib64/ld-linux-x86-64.so.2', elf64()],
    ]);
    const p = plan({ manifest: manifestOf(bookworm), trace: traceOf(['/bin/ls']), elf });
    expect(p.keep.get('/usr/lib64/ld-linux-x86-64.so.2')).toEqual({ kind: 'elf-dep-of', path: '/usr/bin/ls' });
    expect(p.keep.get('/lib64')?.kind).toBe('symlink-of');
    expect(p.keep.get('/lib')?.kind).toBe('symlink-of');
    expect(p.keep.has('/usr/lib/x86_64-linux-gnu/libc.so.6')).toBe(true);
    expect(p.warnings).toEqual([]);
  });

  it('searches RUNPATH with $ORIGIN and skips libs of another class', () => {
    const m = manifestOf(['/app/bin/app', '/app/lib/libfoo.so', '/usr/lib/libfoo.so', '/usr/lib/x86_64-linux-gnu/libfoo.so']);
    const elf = new Map([
      ['/app/bin/app', elf64({ needed: ['libfoo.so'], runpath: ['$ORIGIN/../lib'] })],
      ['/app/lib/libfoo.so', elf64({ class: 32 })],
      ['/usr/lib/x86_64-linux-gnu/libfoo.so', elf64()],
      ['/usr/lib/libfoo.so', elf64()],
    ]);
    const p = plan({ manifest: m, trace: traceOf(['/app/bin/app']), elf });
    expect(p.keep.has('/app/lib/libfoo.so')).toBe(false);
    expect(p.keep.get('/usr/lib/x86_64-linux-gnu/libfoo.so')?.kind).toBe('elf-dep-of');
    const elf2 = new Map(elf).set('/app/lib/libfoo.so', elf64());
    const p2 = plan({ manifest: m, trace: traceOf(['/app/bin/app']), elf: elf2 });
    expect(p2.keep.get('/app/lib/libfoo.so')).toEqual({ kind: 'elf-dep-of', path: '/app/bin/app' });
    expect(p2.keep.has('/usr/lib/x86_64-linux-gnu/libfoo.so')).toBe(false);
  });

  it('finds libs through ld.so.conf include globs', () => {
    const m = manifestOf(['/etc/ld.so.conf', '/etc/ld.so.conf.d/opt.conf', '/opt/x/lib/libbar.so.1', '/usr/bin/app']);
    const elf = new Map([['/usr/bin/app', elf64({ needed: ['libbar.so.1'] })], ['/opt/x/lib/libbar.so.1', elf64()]]);
    const textFiles = new Map([['/etc/ld.so.conf', 'include /etc/ld.so.conf.d/*.conf\n'], ['/etc/ld.so.conf.d/opt.conf', '# x\n/opt/x/lib\n']]);
    const p = plan({ manifest: m, trace: traceOf(['/usr/bin/app']), elf, textFiles });
    expect(p.keep.get('/opt/x/lib/libbar.so.1')?.kind).toBe('elf-dep-of');
  });

  it('exclude beats include but not the ELF deps of a kept binary', () => {
    const m = manifestOf(['/usr/bin/app', '/usr/lib/libz.so.1', '/usr/share/doc/a', '/usr/share/doc/b']);
    const elf = new Map([['/usr/bin/app', elf64({ needed: ['libz.so.1'] })], ['/usr/lib/libz.so.1', elf64()]]);
    const rules = { ...noRules, include: ['/usr/share/doc'], exclude: ['/usr/share/doc/b', '/usr/lib/**'] };
    const p = plan({ manifest: m, trace: traceOf(['/usr/bin/app']), elf, rules });
    expect(p.keep.get('/usr/share/doc/a')).toEqual({ kind: 'include', rule: '/usr/share/doc' });
    expect(p.keep.has('/usr/share/doc/b')).toBe(false);
    expect(p.keep.get('/usr/lib/libz.so.1')?.kind).toBe('elf-dep-of');
  });

  it('drops Docker runtime files even when traced and lists missing paths', () => {
    const m = manifestOf(['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/etc/app.conf', '/dev/null']);
    const p = plan({ manifest: m, trace: traceOf(['/etc/hosts', '/etc/resolv.conf', '/etc/app.conf', '/dev/null', '/nope/x', '/proc/self/maps', '/nope/x']) });
    expect([...p.keep.keys()].filter((k) => k !== '/tmp')).toEqual(['/etc', '/etc/app.conf']);
    expect(p.missing).toEqual(['/nope/x']);
  });

  it('keeps the nearest existing dir of a path the app created at run time, and only that dir', () => {
    const manifest = manifestOf([...bookworm, '/var/lib/nginx/', '/var/lib/nginx/old-cache', '/var/log/']);
    const trace: TraceReport = {
      ...traceOf([]),
      events: [
        { path: '/var/lib/nginx/body', op: 'mkdir', result: 0, pid: 1, source: 'ptrace' },
        { path: '/var/log/nginx/error.log', op: 'open', result: 2, pid: 1, source: 'ptrace' },
        { path: '/opt/tool/config', op: 'stat', result: 2, pid: 1, source: 'ptrace' },
      ],
    };
    const p = plan({ manifest, trace });
    expect(p.keep.get('/var/lib/nginx')).toEqual({ kind: 'parent-of', path: '/var/lib/nginx/body' });
    expect(p.keep.get('/var/log')).toEqual({ kind: 'parent-of', path: '/var/log/nginx/error.log' });
    expect(p.keep.has('/var/lib/nginx/old-cache')).toBe(false);
    expect(p.missing).toEqual(['/opt/tool/config', '/var/lib/nginx/body', '/var/log/nginx/error.log']);
  });

  it('keeps VOLUME dirs as empty dirs and the HEALTHCHECK program with its chain', () => {
    const manifest = manifestOf([...bookworm, '/data/', '/data/seed.db', '/usr/bin/curl', '/usr/bin/sh']);
    const p = plan({
      manifest,
      config: { Volumes: { '/data': {} }, Healthcheck: { Test: ['CMD', 'curl', '-f', 'http://127.0.0.1/'] } },
    });
    expect(p.keep.get('/data')).toEqual({ kind: 'allowlist', rule: 'VOLUME' });
    expect(p.keep.has('/data/seed.db')).toBe(false);
    expect(p.keep.get('/usr/bin/curl')).toEqual({ kind: 'allowlist', rule: 'HEALTHCHECK' });
    const shell = plan({ manifest: manifestOf([...bookworm, ['/usr/bin/sh', 'symlink', 'dash'] as Spec, '/usr/bin/dash']), config: { Healthcheck: { Test: ['CMD-SHELL', 'pgrep app'] } } });
    expect(shell.keep.get('/usr/bin/dash')?.kind).toBe('allowlist');
    expect(shell.warnings.join('\n')).toMatch(/HEALTHCHECK runs a shell command \(pgrep app\)/);
  });

  it('synthesizes /tmp with mode 1777 when the image lacks it', () => {
    const p = plan({ manifest: manifestOf(['/app']) });
    expect(p.synthetic).toEqual([expect.objectContaining({ path: '/tmp', type: 'dir', mode: 0o1777, layerIndex: -1 })]);
    expect(p.keep.has('/tmp')).toBe(true);
    const q = plan({ manifest: manifestOf(['/tmp/', '/tmp/junk']) });
    expect(q.synthetic).toBeUndefined();
    expect(q.keep.has('/tmp')).toBe(true);
    expect(q.keep.has('/tmp/junk')).toBe(false);
  });

  it('keeps home dirs and WorkingDir as empty dirs', () => {
    const m = manifestOf(['/etc/passwd', '/home/app/.cache/x', '/srv/app/data', '/root/']);
    const textFiles = new Map([['/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n']]);
    const p = plan({ manifest: m, textFiles, config: { WorkingDir: '/srv/app' } });
    expect(p.keep.get('/home/app')).toEqual({ kind: 'allowlist', rule: 'home dir' });
    expect(p.keep.has('/root')).toBe(true);
    expect(p.keep.has('/home/app/.cache')).toBe(false);
    expect(p.keep.get('/srv/app')).toEqual({ kind: 'allowlist', rule: 'WorkingDir' });
    expect(p.keep.has('/srv/app/data')).toBe(false);
    expect(p.keep.get('/etc/passwd')?.kind).toBe('allowlist');
  });

  it('keeps a hardlink target', () => {
    const m = manifestOf(['/usr/bin/python3.11', ['/usr/bin/python3', 'hardlink', '/usr/bin/python3.11']]);
    const p = plan({ manifest: m, trace: traceOf(['/usr/bin/python3']) });
    expect(p.keep.get('/usr/bin/python3.11')).toEqual({ kind: 'hardlink-of', path: '/usr/bin/python3' });
  });

  it('keeps the entrypoint found via PATH and --include-bin / --include-shell', () => {
    const m = manifestOf([['/bin', 'symlink', 'usr/bin'], '/usr/local/bin/server', '/usr/bin/dash', ['/usr/bin/sh', 'symlink', 'dash'], '/usr/bin/env']);
    const p = plan({
      manifest: m,
      config: { Entrypoint: ['server'], Env: ['PATH=/usr/local/bin:/usr/bin'] },
      rules: { ...noRules, includeShell: true, includeBin: ['/usr/bin/env', '/usr/bin/nothere'] },
    });
    expect(p.keep.get('/usr/local/bin/server')).toEqual({ kind: 'allowlist', rule: 'entrypoint' });
    expect(p.keep.get('/usr/bin/dash')).toEqual({ kind: 'include', rule: '--include-shell' });
    expect(p.keep.get('/usr/bin/sh')?.kind).toBe('symlink-of');
    expect(p.keep.get('/bin')?.kind).toBe('symlink-of');
    expect(p.keep.has('/usr/bin/env')).toBe(true);
    expect(p.warnings.join('\n')).toContain('/usr/bin/nothere');
  });
});

describe('planSlim rules', () => {
  it('matches UTF-8 globs against byte-string paths', () => {
    const bytePath = '/data/' + Buffer.from('café.txt', 'utf8').toString('latin1');
    const p = plan({ manifest: manifestOf([bytePath, '/data/other']), rules: { ...noRules, include: ['/data/café*'] } });
    expect(p.keep.get(bytePath)).toEqual({ kind: 'include', rule: '/data/café*' });
    expect(p.keep.has('/data/other')).toBe(false);
  });

  it('ignores DT_RPATH when the object has DT_RUNPATH', () => {
    const m = manifestOf(['/app/app', '/rp/libq.so', '/usr/lib/libq.so']);
    const elf = new Map([['/rp/libq.so', elf64()], ['/usr/lib/libq.so', elf64()]]);
    const withRunpath = new Map(elf).set('/app/app', elf64({ needed: ['libq.so'], rpath: ['/rp'], runpath: ['/nowhere'] }));
    expect(plan({ manifest: m, trace: traceOf(['/app/app']), elf: withRunpath }).keep.has('/usr/lib/libq.so')).toBe(true);
    const rpathOnly = new Map(elf).set('/app/app', elf64({ needed: ['libq.so'], rpath: ['/rp'] }));
    const p = plan({ manifest: m, trace: traceOf(['/app/app']), elf: rpathOnly });
    expect(p.keep.has('/rp/libq.so')).toBe(true);
    expect(p.keep.has('/usr/lib/libq.so')).toBe(false);
  });

  it('warns about a needed library it cannot find', () => {
    const m = manifestOf(['/app/app']);
    const p = plan({ manifest: m, trace: traceOf(['/app/app']), elf: new Map([['/app/app', elf64({ needed: ['libgone.so'] })]]) });
    expect(p.warnings).toEqual(['/app/app: needed library libgone.so not found in the image']);
  });
});

describe('resolvePath', () => {
  it('resolves relative links with .. clamped at /', () => {
    const m = manifestOf(['/usr/lib/real.so', ['/usr/lib/a/link.so', 'symlink', '../../../../../usr/lib/real.so']]);
    expect(resolvePath(m, '/usr/lib/a/link.so')).toMatchObject({ path: '/usr/lib/real.so', exists: true, links: ['/usr/lib/a/link.so'] });
  });

  it('does not hang on a symlink loop', () => {
    const m = manifestOf([['/a', 'symlink', 'b'], ['/b', 'symlink', '/a']]);
    expect(resolvePath(m, '/a/x')).toMatchObject({ exists: false, loop: true });
    const p = plan({ manifest: m, trace: traceOf(['/a']) });
    expect(p.missing).toEqual(['/a']);
  });

  it('resolves absolute targets against the image root, never the host', () => {
    const m = manifestOf(['/opt/etc/passwd', ['/etc', 'symlink', '/opt/etc']]);
    expect(resolvePath(m, '/etc/passwd')).toMatchObject({ path: '/opt/etc/passwd', exists: true, links: ['/etc'] });
    expect(resolvePath(m, '/etc/shadow').exists).toBe(false);
  });
});
