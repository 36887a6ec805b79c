// The roots of a slim plan: paths kept on their own account (traced, entrypoint, HEALTHCHECK,
// allowlist, WorkingDir/VOLUME/home dirs, dirs the app creates in, --include*), each with its reason.
import micromatch from 'micromatch';
import type { FileEntry, ImagePath, KeepReason, Manifest, TraceOp } from '../types.js';
import { DEFAULT_ALLOW, homeDirs, isNeverKept, isRuntimePseudo } from './allowlist.js';
import { parentsOf, searchPath } from './paths.js';
import { matchingPaths, toByteGlob } from './rules.js';
import { resolvePath } from './symlinks.js';
import type { PlanInput } from './types.js';

/**
 * A path the plan wants. `chain`: keep the symlinks on the way and the file they lead to;
 * `entry`: keep only this entry (a symlink on the way to a path the image lacks).
 */
export interface Root {
  readonly path: ImagePath;
  readonly reason: KeepReason;
  readonly follow: 'chain' | 'entry';
}

export interface RootSet {
  /** In the order their reasons take precedence (the first reason found for a path is the one reported). */
  readonly roots: readonly Root[];
  /** Paths the slim image needs whatever --exclude says (e.g. /tmp). */
  readonly required: ReadonlyArray<{ readonly path: ImagePath; readonly reason: KeepReason }>;
  readonly synthetic: readonly FileEntry[];
  readonly missing: readonly ImagePath[];
  readonly warnings: readonly string[];
}

/** Ops by which an app creates a path that the image does not hold. */
const CREATING_OPS: ReadonlySet<TraceOp> = new Set<TraceOp>(['open', 'mkdir', 'rename']);


const byPath = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

export function collectRoots(input: PlanInput): RootSet {
  const roots: Root[] = [];
  const warnings: string[] = [];
  const chain = (path: ImagePath, reason: KeepReason): void => {
    roots.push({ path, reason, follow: 'chain' });
  };
  const missing = tracedRoots(input, roots);
  programRoots(input, chain, warnings);
  dirRoots(input, chain);
  const { required, synthetic } = tmpDir(input.manifest);
  includeRoots(input, chain, warnings);
  return { roots, required, synthetic, missing, warnings };
}

/** Every traced path that exists; for one that does not, the links on the way and the dir it was made in. */
function tracedRoots(input: PlanInput, roots: Root[]): ImagePath[] {
  const { manifest, trace } = input;
  const ops = new Map<ImagePath, Set<TraceOp>>();
  for (const ev of trace.events) {
    let set = ops.get(ev.path);
    if (!set) ops.set(ev.path, (set = new Set()));
    set.add(ev.op);
  }
  for (const ex of trace.execs) if (!ops.has(ex.path)) ops.set(ex.path, new Set(['exec']));
  const missing: ImagePath[] = [];
  for (const [path, set] of [...ops].sort(byPath)) {
    if (isRuntimePseudo(path)) continue;
    const res = resolvePath(manifest, path);
    if (res.exists) {
      if (!res.loop) roots.push({ path, reason: { kind: 'traced', ops: [...set].sort() }, follow: 'chain' });
      continue;
    }
    if (!isNeverKept(path)) missing.push(path);
    for (const link of res.links) roots.push({ path: link, reason: { kind: 'symlink-of', path }, follow: 'entry' });
    // The app made this at run time (nginx's /var/lib/nginx/body): the dir it made it in must exist.
    if (!isNeverKept(path) && [...set].some((op) => CREATING_OPS.has(op))) {
      const dir = nearestDir(manifest, path);
      if (dir) roots.push({ path: dir, reason: { kind: 'parent-of', path }, follow: 'chain' });
    }
  }
  return missing;
}

function nearestDir(manifest: Manifest, path: ImagePath): ImagePath | undefined {
  for (const dir of parentsOf(path)) {
    const res = resolvePath(manifest, dir);
    if (!res.exists) continue;
    return manifest.entries.get(res.path)?.type === 'dir' ? dir : undefined;
  }
  return undefined;
}

/** Programs the runtime starts on its own: the entrypoint, and the health check (which probes never see). */
function programRoots(input: PlanInput, chain: (path: ImagePath, reason: KeepReason) => void, warnings: string[]): void {
  const { manifest, config } = input;
  const keepProgram = (argv0: string, rule: string): boolean => {
    const candidates = argv0.includes('/')
      ? [argv0.startsWith('/') ? argv0 : `${config.WorkingDir ?? '/'}/${argv0}`.replace(/\/+/g, '/')]
      : searchPath(config.Env).map((d) => `${d}/${argv0}`);
    const found = candidates.find((c) => resolvePath(manifest, c).exists);
    if (found !== undefined) chain(found, { kind: 'allowlist', rule });
    return found !== undefined;
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
}

/** The health check's program: `["CMD", prog, ...]` or `["CMD-SHELL", command]`; none for NONE or absent. */
function healthcheckTest(healthcheck: Readonly<Record<string, unknown>> | undefined): { kind: 'exec'; argv0: string } | { kind: 'shell'; command: string } | undefined {
  const test = healthcheck?.['Test'];
  if (!Array.isArray(test) || typeof test[0] !== 'string' || typeof test[1] !== 'string') return undefined;
  if (test[0] === 'CMD') return { kind: 'exec', argv0: test[1] };
  if (test[0] === 'CMD-SHELL') return { kind: 'shell', command: test[1] };
  return undefined;
}

/** The default allowlist, and the dirs the runtime or the app expects to exist (kept as empty dirs). */
function dirRoots(input: PlanInput, chain: (path: ImagePath, reason: KeepReason) => void): void {
  const { manifest, config } = input;
  for (const glob of DEFAULT_ALLOW) {
    for (const p of matchingPaths(manifest.entries.keys(), glob)) chain(p, { kind: 'allowlist', rule: glob });
  }
  const dirRule = (p: string | undefined, rule: string): void => {
    if (!p?.startsWith('/')) return;
    const res = resolvePath(manifest, p.replace(/\/+$/, '') || '/');
    if (res.exists && manifest.entries.get(res.path)?.type === 'dir') chain(p, { kind: 'allowlist', rule });
  };
  dirRule(config.WorkingDir, 'WorkingDir');
  for (const volume of Object.keys(config.Volumes ?? {})) dirRule(volume, 'VOLUME');
  for (const home of homeDirs(input.textFiles.get('/etc/passwd'))) dirRule(home, 'home dir');
  // Dirs the image made for its non-root User are where the app writes at run time (a sqlite file, a
  // socket, a cache), often only on requests no light probe makes: they are kept, as dirs.
  const uid = userId(config.User, input.textFiles.get('/etc/passwd'));
  if (uid === undefined || uid === 0) return;
  for (const [path, entry] of manifest.entries) {
    if (entry.type === 'dir' && entry.uid === uid) chain(path, { kind: 'allowlist', rule: `dir owned by User ${config.User}` });
  }
}

/** The uid of the image's `User` (`name`, `uid`, `name:group`, `uid:gid`), from /etc/passwd for a name. */
function userId(user: string | undefined, passwd: string | undefined): number | undefined {
  const name = user?.split(':')[0]?.trim();
  if (!name) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  for (const line of (passwd ?? '').split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
  }
  return undefined;
}

/** /tmp must exist with mode 1777: kept when the image has it, made when it has not. */
function tmpDir(manifest: Manifest): Pick<RootSet, 'required' | 'synthetic'> {
  const reason: KeepReason = { kind: 'allowlist', rule: '/tmp' };
  const tmp = manifest.entries.get('/tmp');
  if (tmp?.type === 'dir') return { required: [{ path: '/tmp', reason }], synthetic: [] };
  if (tmp) return { required: [], synthetic: [] };
  return { required: [], synthetic: [{ path: '/tmp', type: 'dir', mode: 0o1777, uid: 0, gid: 0, size: 0, mtime: 0, layerIndex: -1 }] };
}

/** --include globs (a matching dir keeps its subtree), --include-bin, --include-shell. */
function includeRoots(input: PlanInput, chain: (path: ImagePath, reason: KeepReason) => void, warnings: string[]): void {
  const { manifest, rules } = input;
  for (const glob of rules.include) {
    const m = micromatch.matcher(toByteGlob(glob), { dot: true });
    let hits = 0;
    for (const p of manifest.entries.keys()) {
      if (m(p) || parentsOf(p).some((d) => m(d))) {
        hits++;
        chain(p, { kind: 'include', rule: glob });
      }
    }
    if (hits === 0) warnings.push(`--include ${glob} matched nothing in the image`);
  }
  for (const bin of rules.includeBin) {
    if (resolvePath(manifest, bin).exists) chain(bin, { kind: 'include', rule: `--include-bin ${bin}` });
    else warnings.push(`--include-bin ${bin}: not found in the image`);
  }
  if (rules.includeShell) {
    if (resolvePath(manifest, '/bin/sh').exists) chain('/bin/sh', { kind: 'include', rule: '--include-shell' });
    else warnings.push('--include-shell: /bin/sh not found in the image');
  }
}
