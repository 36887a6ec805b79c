// The verify loop's pure parts: misses from sensor checkpoints, the behaviour diff, the repair rounds
// (with a fake build/verify pair: the plan and closure are real), and --include-from.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffBehaviour } from '../../src/pipeline/behaviour-diff.js';
import type { BuiltImage } from '../../src/pipeline/assemble-and-load.js';
import { rootsFromReports } from '../../src/pipeline/include-from.js';
import { describeMiss, refine } from '../../src/pipeline/refine.js';
import type { VerifyOutcome } from '../../src/pipeline/verify-target.js';
import { planSlim } from '../../src/plan/plan.js';
import type { PlanInput } from '../../src/plan/types.js';
import { exchangeOf } from '../../src/probes/exchange.js';
import type { HttpExchange } from '../../src/probes/types.js';
import { findMisses, type TraceCheckpoint } from '../../src/trace/misses.js';
import type { FileEntry, Manifest, TraceEvent, TraceReport } from '../../src/types.js';

function manifestOf(files: readonly string[]): Manifest {
  const entries = new Map<string, FileEntry>();
  const put = (path: string, type: 'file' | 'dir') => entries.set(path, { path, type, mode: 0o644, uid: 0, gid: 0, size: 1, mtime: 0, layerIndex: 0 });
  for (const file of files) {
    for (let i = file.lastIndexOf('/'); i > 0; i = file.lastIndexOf('/', i - 1)) if (!entries.has(file.slice(0, i))) put(file.slice(0, i), 'dir');
    put(file, 'file');
  }
  return { entries };
}

const event = (path: string, result: number, op: TraceEvent['op'] = 'open'): TraceEvent => ({ path, op, result, pid: 1, source: 'ptrace' });
const report = (events: TraceEvent[]): TraceReport => ({ schemaVersion: 1, mode: 'ptrace', events, execs: [], warnings: [] });
const source = manifestOf(['/app/server.pl', '/opt/data/table.txt', '/usr/lib/gconv/IBM850.so', '/etc/passwd']);

describe('findMisses', () => {
  it('pins each failed lookup of a source path on the first checkpoint that holds it', () => {
    const start = report([event('/app/server.pl', 0), event('/usr/lib/gconv/IBM850.so', 2)]);
    const afterProbe = report([...start.events, event('/opt/data/table.txt', 2), event('/opt/data/other.txt', 2)]);
    const checkpoints: TraceCheckpoint[] = [
      { phase: 'start', report: start },
      { phase: 'verify-probe', probe: 'verify.ts', report: afterProbe },
    ];
    expect(findMisses({ checkpoints, source, round: 0 })).toEqual([
      { path: '/usr/lib/gconv/IBM850.so', op: 'open', errno: 2, phase: 'start', round: 0 },
      { path: '/opt/data/table.txt', op: 'open', errno: 2, probe: 'verify.ts', phase: 'verify-probe', round: 0 },
    ]);
  });

  it('ignores paths the source lacks too, successes, runtime files and failed unlinks', () => {
    const events = [event('/opt/data/other.txt', 2), event('/app/server.pl', 0), event('/etc/hosts', 2), event('/proc/self/fd', 2), event('/opt/data/table.txt', 2, 'unlink')];
    expect(findMisses({ checkpoints: [{ phase: 'start', report: report(events) }], source, round: 1 })).toEqual([]);
  });

  it('counts ENOTDIR as a miss and says when it was needed', () => {
    const [miss] = findMisses({ checkpoints: [{ phase: 'grace', report: report([event('/usr/lib/gconv/IBM850.so', 20, 'stat')]) }], source, round: 0 });
    expect(miss?.errno).toBe(20);
    expect(describeMiss(miss!)).toBe('/usr/lib/gconv/IBM850.so (needed after the last probe)');
    expect(describeMiss({ ...miss!, probe: 'verify.ts', phase: 'verify-probe' })).toBe('/usr/lib/gconv/IBM850.so (needed while probe verify.ts ran)');
  });
});

function exchange(path: string, status: number, body: string, volatile?: HttpExchange['volatile']): HttpExchange {
  const response = { status, headers: { 'content-type': 'text/plain' }, body, json: <T>() => JSON.parse(body) as T };
  return exchangeOf({ url: `http://127.0.0.1:49153${path}`, port: 3000, method: 'GET', response, ...(volatile ? { volatile } : {}) });
}

describe('diffBehaviour', () => {
  it('catches a 200 with another body, and only compares requests the source saw', () => {
    const before = new Map([['p.ts', [exchange('/greeting', 200, 'hello from the config')]]]);
    const after = new Map([['p.ts', [exchange('/greeting', 200, 'hello (default)'), exchange('/new', 500, '')]]]);
    expect(diffBehaviour(before, after)).toEqual([
      expect.stringMatching(/^probe p\.ts: GET \/greeting on port 3000: the body differs/),
    ]);
    expect(diffBehaviour(before, before)).toEqual([]);
  });

  it('honours volatile exchanges, JSON keys and the crawl\'s success-only rule', () => {
    const json = (time: number) => exchange('/now', 200, JSON.stringify({ ok: true, meta: { time } }), { jsonKeys: ['time'] });
    expect(diffBehaviour(new Map([['p', [json(1)]]]), new Map([['p', [json(2)]]]))).toEqual([]);
    const whole = (body: string) => exchange('/x', 200, body, true);
    expect(diffBehaviour(new Map([['p', [whole('a')]]]), new Map([['p', [whole('b')]]]))).toEqual([]);
    const crawl = { body: true, headers: ['content-type'], status: 'success' } as const;
    const crawled = (status: number) => exchange('/', status, String(status), crawl);
    expect(diffBehaviour(new Map([['c', [crawled(200)]]]), new Map([['c', [crawled(301)]]]))).toEqual([]);
    expect(diffBehaviour(new Map([['c', [crawled(200)]]]), new Map([['c', [crawled(404)]]]))).toEqual([
      'probe c: GET / on port 3000: status 404, the source answered 200',
    ]);
  });
});

describe('refine', () => {
  const planInput: PlanInput = {
    manifest: source, trace: report([event('/app/server.pl', 0)]), rules: { include: [], includeBin: [], includeShell: false, exclude: [], closure: 'traced' },
    config: {}, elf: new Map(), textFiles: new Map(),
  };
  /** A fake slim image that works once it holds /opt/data/table.txt, and reports the miss while it does not. */
  const harness = () => {
    const built: string[][] = [];
    const build = async (plan: ReturnType<typeof planSlim>): Promise<BuiltImage> => {
      built.push([...plan.keep.keys()]);
      return { id: `sha256:${built.length}`, bytes: plan.keep.size, assembled: {} as BuiltImage['assembled'] };
    };
    const verify = async (): Promise<VerifyOutcome> => {
      const has = built.at(-1)!.includes('/opt/data/table.txt');
      return {
        results: [{ name: 'verify.ts', ok: has, durationMs: 1, ...(has ? {} : { error: 'GET /report: expected status 200, got 500' }) }],
        checkpoints: [{ phase: 'verify-probe', probe: 'verify.ts', report: report(has ? [] : [event('/opt/data/table.txt', 2)]) }],
        exchanges: new Map(),
      };
    };
    return { built, build, verify };
  };

  it('adds a miss to the plan, rebuilds once and passes', async () => {
    const { built, build, verify } = harness();
    const outcome = await refine({ planInput, plan: planSlim(planInput), build, verify, sourceExchanges: new Map(), maxRounds: 2 });
    expect(outcome.passed).toBe(true);
    expect(built).toHaveLength(2);
    expect(outcome.repairs).toEqual([{
      round: 1,
      because: ['/opt/data/table.txt (needed while probe verify.ts ran)'],
      added: [
        { path: '/opt', reason: 'parent-of /opt/data/table.txt' },
        { path: '/opt/data', reason: 'parent-of /opt/data/table.txt' },
        { path: '/opt/data/table.txt', reason: 'repair round 1: missed while probe verify.ts ran' },
      ],
    }]);
    expect(outcome.misses.map((miss) => [miss.path, miss.round])).toEqual([['/opt/data/table.txt', 0]]);
  });

  it('with no rounds (--no-repair) only reports, and stops when a repair would add nothing', async () => {
    const { built, build, verify } = harness();
    const reportOnly = await refine({ planInput, plan: planSlim(planInput), build, verify, sourceExchanges: new Map(), maxRounds: 0 });
    expect([reportOnly.passed, built.length, reportOnly.lastMisses.map((miss) => miss.path)]).toEqual([false, 1, ['/opt/data/table.txt']]);
    const excluded = { ...planInput, rules: { ...planInput.rules, exclude: ['/opt/**'] } };
    const second = harness();
    const stuck = await refine({ planInput: excluded, plan: planSlim(excluded), build: second.build, verify: second.verify, sourceExchanges: new Map(), maxRounds: 2 });
    expect([stuck.passed, second.built.length, stuck.repairs.length]).toEqual([false, 1, 0]);
  });
});

describe('rootsFromReports', () => {
  it('turns an earlier report\'s kept paths into roots, and refuses a file that is not a report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'include-from-'));
    try {
      const good = join(dir, 'report.json');
      await writeFile(good, JSON.stringify({ kept: [{ path: '/opt/data/table.txt', reason: 'traced (open)' }, { path: '/caf\u00e9', reason: 'x' }] }));
      const roots = await rootsFromReports([good]);
      expect(roots.map((root) => root.path)).toEqual(['/opt/data/table.txt', '/caf\u00c3\u00a9']);
      expect(roots[0]?.reason).toEqual({ kind: 'include', rule: `--include-from ${good}` });
      const bad = join(dir, 'bad.json');
      await writeFile(bad, '{"schema":1}');
      await expect(rootsFromReports([bad])).rejects.toThrow(/not a minify run report/);
      await expect(rootsFromReports([join(dir, 'none.json')])).rejects.toThrow(/cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
