// planSlim: which paths of the source image the slim image keeps, and why.
import type { FileEntry, ImagePath, KeepReason, SlimPlan, TraceOp } from '../types.js';
import { DEFAULT_ALLOW, homeDirs, isNeverKept, isRuntimePseudo } from './allowlist.js';
import { findLibrary, ldConfDirs, libraryPathFromEnv, type LdContext } from './ld-paths.js';
import { compileGlobs, toByteGlob } from './rules.js';
import { resolvePath } from './symlinks.js';
import type { PlanInput } from './types.js';
import micromatch from 'micromatch';

/** Ops by which an app creates a path that the image does not hold. */
const CREATING_OPS: ReadonlySet<TraceOp> = new Set<TraceOp>(['open', 'mkdir', 'rename']);

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function parentsOf(p: ImagePath): ImagePath[] {
  const out: ImagePath[] = [];
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) out.push(p.slice(0, i));
  return out;
}

/**
 * Precedence: --exclude wins over traced paths, the allowlist and --include, but NOT over the ELF
 * interpreter/libraries of a kept binary (nor parent dirs of kept paths): dropping those would
 * leave a binary that cannot start. The never-keep list (runtime files, /proc, /sys, /dev, sensor) wins always.
 */
export function planSlim(input: PlanInput): SlimPlan {
  const { manifest, trace, rules, config } = input;
  const keep = new Map<ImagePath, KeepReason>();
  const warnings: string[] = [];
  const excluded = compileGlobs(rules.exclude);
  const elfQueue: { path: ImagePath; loaders: readonly ImagePath[] }[] = [];
  const ctx: LdContext = {
    manifest,
    elf: input.elf,
    libraryPath: libraryPathFromEnv(config.Env),
    confDirs: ldConfDirs(input.textFiles, manifest),
  };

  const add = (path: ImagePath, reason: KeepReason, strong: boolean): boolean => {
    if (path === '/' || isNeverKept(path)) return false;
    if (!strong && excluded(path) !== undefined) return false;
    if (!manifest.entries.has(path)) return false;
    if (!keep.has(path)) {
      keep.set(path, reason);
      if (input.elf.has(path)) elfQueue.push({ path, loaders: [] });
      const e = manifest.entries.get(path);
      if (e?.type === 'hardlink' && e.linkTarget) add(e.linkTarget, { kind: 'hardlink-of', path }, true);
    }
    return true;
  };
  /** Keeps the symlinks on the way to `path` and the final target; returns the real path if it exists. */
  const addChain = (path: ImagePath, reason: KeepReason, strong: boolean): ImagePath | undefined => {
    const res = resolvePath(manifest, path);
    if (!res.exists || res.loop) return undefined;
    if (!add(res.path, reason, strong)) return undefined;
    for (const link of res.links) add(link, { kind: 'symlink-of', path }, true);
    return res.path;
  };

  // traced paths
  const ops = new Map<ImagePath, Set<TraceOp>>();
  for (const ev of trace.events) {
    let s = ops.get(ev.path);
    if (!s) ops.set(ev.path, (s = new Set()));
    s.add(ev.op);
  }
  for (const ex of trace.execs) if (!ops.has(ex.path)) ops.set(ex.path, new Set(['exec']));
  const missing = new Set<ImagePath>();
  const keepNearestDir = (path: ImagePath): void => {
    for (const dir of parentsOf(path)) {
      const res = resolvePath(manifest, dir);
      if (!res.exists) continue;
      if (manifest.entries.get(res.path)?.type === 'dir') addChain(dir, { kind: 'parent-of', path }, false);
      return;
    }
  };
  for (const [path, set] of [...ops].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isRuntimePseudo(path)) continue;
    const res = resolvePath(manifest, path);
    if (!res.exists) {
      if (!isNeverKept(path)) missing.add(path);
      for (const link of res.links) add(link, { kind: 'symlink-of', path }, false);
      // The app made this at run time (nginx's /var/lib/nginx/body): the dir it made it in must exist.
      if (!isNeverKept(path) && [...set].some((op) => CREATING_OPS.has(op))) keepNearestDir(path);
      continue;
    }
    addChain(path, { kind: 'traced', ops: [...set].sort() }, false);
  }

  // programs the runtime starts on its own: the entrypoint, and the health check (which probes never see)
  const pathVar = config.Env?.find((e) => e.startsWith('PATH='))?.slice(5) ?? DEFAULT_PATH;
  const keepProgram = (argv0: string, rule: string): boolean => {
    const candidates = argv0.includes('/')
      ? [argv0.startsWith('/') ? argv0 : `${config.WorkingDir ?? '/'}/${argv0}`.replace(/\/+/g, '/')]
      : pathVar.split(':').filter(Boolean).map((d) => `${d.replace(/\/+$/, '')}/${argv0}`);
    const found = candidates.find((c) => resolvePath(manifest, c).exists);
    return found !== undefined && addChain(found, { kind: 'allowlist', rule }, false) !== undefined;
  };
  const argv0 = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])][0];
  if (argv0) keepProgram(argv0, 'entrypoint');
  const health = healthcheckTest(config.Healthcheck);
  if (health?.kind === 'exec' && !keepProgram(health.argv0, 'HEALTHCHECK')) {
    warnings.push(`HEALTHCHECK program ${health.argv0} not found in the image`);
  }
  if (health?.kind === 'shell') {
    if (!keepProgram('/bin/sh', 'HEALTHCHECK')) warnings.push('HEALTHCHECK CMD-SHELL needs /bin/sh, which the image lacks');
    warnings.push(`HEALTHCHECK runs a shell command (${health.command}); the programs it calls are not traced: add them with --include-bin`);
  }

  // allowlist
  const allPaths = [...manifest.entries.keys()];
  for (const glob of DEFAULT_ALLOW) {
    for (const p of micromatch(allPaths, glob, { dot: true })) addChain(p, { kind: 'allowlist', rule: glob }, false);
  }
  const dirRule = (p: string | undefined, rule: string): void => {
    if (!p?.startsWith('/')) return;
    const res = resolvePath(manifest, p.replace(/\/+$/, '') || '/');
    if (res.exists && manifest.entries.get(res.path)?.type === 'dir') addChain(p, { kind: 'allowlist', rule }, false);
  };
  dirRule(config.WorkingDir, 'WorkingDir');
  for (const volume of Object.keys(config.Volumes ?? {})) dirRule(volume, 'VOLUME');
  for (const home of homeDirs(input.textFiles.get('/etc/passwd'))) dirRule(home, 'home dir');
  const synthetic: FileEntry[] = [];
  const tmp = manifest.entries.get('/tmp');
  if (tmp?.type === 'dir') add('/tmp', { kind: 'allowlist', rule: '/tmp' }, true);
  else if (!tmp) {
    synthetic.push({ path: '/tmp', type: 'dir', mode: 0o1777, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: -1 });
    keep.set('/tmp', { kind: 'allowlist', rule: '/tmp' });
  }

  // --include globs: a matching dir keeps its subtree
  for (const glob of rules.include) {
    const m = micromatch.matcher(toByteGlob(glob), { dot: true });
    let hits = 0;
    for (const p of allPaths) {
      if (m(p) || parentsOf(p).some((d) => m(d))) {
        hits++;
        addChain(p, { kind: 'include', rule: glob }, false);
      }
    }
    if (hits === 0) warnings.push(`--include ${glob} matched nothing in the image`);
  }
  for (const bin of rules.includeBin) {
    if (!addChain(bin, { kind: 'include', rule: `--include-bin ${bin}` }, false)) warnings.push(`--include-bin ${bin}: not found in the image`);
  }
  if (rules.includeShell && !addChain('/bin/sh', { kind: 'include', rule: '--include-shell' }, false)) {
    warnings.push('--include-shell: /bin/sh not found in the image');
  }

  // roots from outside the trace: verify misses (repair), --include-from
  for (const root of input.extraRoots ?? []) addChain(root.path, root.reason, false);

  // ELF closure (interpreter + DT_NEEDED, recursively)
  for (let item = elfQueue.shift(); item; item = elfQueue.shift()) {
    const info = input.elf.get(item.path);
    if (!info) continue;
    const reason: KeepReason = { kind: 'elf-dep-of', path: item.path };
    if (info.interpreter && !addChain(info.interpreter, reason, true)) {
      warnings.push(`${item.path}: ELF interpreter ${info.interpreter} not found in the image`);
    }
    for (const name of info.needed) {
      const hit = findLibrary(ctx, { name, object: item.path, loaders: item.loaders });
      if (!hit) {
        warnings.push(`${item.path}: needed library ${name} not found in the image`);
        continue;
      }
      const before = keep.has(hit.path);
      addChain(hit.lookup, reason, true);
      if (!before && keep.has(hit.path)) {
        const queued = elfQueue.find((q) => q.path === hit.path);
        if (queued) queued.loaders = [...item.loaders, item.path];
      }
    }
  }

  // parent dirs (a hardlink's target was kept when the link was)
  for (const [p] of [...keep]) {
    for (const d of parentsOf(p)) {
      if (keep.has(d)) continue;
      if (manifest.entries.has(d)) keep.set(d, { kind: 'parent-of', path: p });
    }
  }

  const sorted = new Map([...keep].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { keep: sorted, missing: [...missing].sort(), warnings, ...(synthetic.length > 0 ? { synthetic } : {}) };
}

/** The health check's program: `["CMD", prog, ...]` or `["CMD-SHELL", command]`; none for NONE or absent. */
function healthcheckTest(healthcheck: Readonly<Record<string, unknown>> | undefined): { kind: 'exec'; argv0: string } | { kind: 'shell'; command: string } | undefined {
  const test = healthcheck?.['Test'];
  if (!Array.isArray(test) || typeof test[0] !== 'string' || typeof test[1] !== 'string') return undefined;
  if (test[0] === 'CMD') return { kind: 'exec', argv0: test[1] };
  if (test[0] === 'CMD-SHELL') return { kind: 'shell', command: test[1] };
  return undefined;
}
