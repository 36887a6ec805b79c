// The run report and its summary from a small plan: counts, bytes, reasons, top dirs, verify states;
// and which debug tools the -debug layer adds.
import { describe, expect, it } from 'vitest';
import { debugLayerSelection, findDebugTools } from '../../src/pipeline/debug-layer.js';
import { buildRunReport, type RunReportInput } from '../../src/report/run-report.js';
import { formatRunSummary } from '../../src/report/run-summary.js';
import type { KeepReason, Manifest, SlimPlan } from '../../src/types.js';
import { dirEntry as dir, fileEntry as file, manifestOf, runReportInput } from './run-report-builders.js';

const manifest = manifestOf([
  dir('/usr'), dir('/usr/lib'), dir('/usr/bin'), dir('/app'), dir('/app/.git'),
  file('/usr/bin/node', 80_000_000), file('/usr/lib/libnode.so', 40_000_000), file('/usr/bin/ls', 150_000),
  file('/app/server.js', 2_000), file('/app/.git/pack', 9_000_000), file('/etc/passwd', 900),
]);

const keep = new Map<string, KeepReason>([
  ['/usr/bin/node', { kind: 'traced', ops: ['exec', 'open'] }],
  ['/usr/lib/libnode.so', { kind: 'elf-dep-of', path: '/usr/bin/node' }],
  ['/app/server.js', { kind: 'traced', ops: ['open'] }],
  ['/etc/passwd', { kind: 'allowlist', rule: '/etc/passwd' }],
  ['/usr', { kind: 'parent-of', path: '/usr/bin/node' }],
]);
const plan: SlimPlan = { keep, missing: ['/app/node_modules/x.js'], warnings: ['a plan warning'] };

const input = (overrides: Partial<RunReportInput> = {}): RunReportInput =>
  runReportInput({ manifest, plan, timings: [{ phase: 'trace', seconds: 4.2 }, { phase: 'verify', seconds: 1.5 }], ...overrides });

describe('buildRunReport', () => {
  it('counts files, bytes and reasons, and ranks kept dirs by bytes', () => {
    const report = buildRunReport(input());
    expect(report.ratio).toBe(8);
    expect(report.files).toEqual({ source: 11, kept: 5, dropped: 6 });
    expect(report.keptFileBytes).toBe(80_000_000 + 40_000_000 + 2_000 + 900);
    expect(report.tracedFileBytes).toBe(80_002_000);
    expect(report.keptByReason).toMatchObject({ traced: 2, 'elf-dep-of': 1, allowlist: 1, 'parent-of': 1, include: 0 });
    expect(report.topKeptDirs).toEqual([
      { dir: '/usr/bin', bytes: 80_000_000 },
      { dir: '/usr/lib', bytes: 40_000_000 },
      { dir: '/app', bytes: 2_000 },
      { dir: '/etc', bytes: 900 },
    ]);
    expect(report.kept).toContainEqual({ path: '/usr/lib/libnode.so', reason: 'elf-dep-of /usr/bin/node' });
    expect(report.kept).toContainEqual({ path: '/usr/bin/node', reason: 'traced (exec, open)' });
    expect(report.kept).toContainEqual({ path: '/etc/passwd', reason: 'allowlist /etc/passwd' });
    expect(report.missing).toEqual(['/app/node_modules/x.js']);
  });
});

describe('formatRunSummary', () => {
  it('prints sizes with the ratio, reasons, probes, warnings and phase times', () => {
    const text = formatRunSummary(buildRunReport(input()));
    expect(text).toContain('slim    app:1-slim  125 MB  8.0x smaller\n');
    expect(text).toContain('files   5 kept, 6 dropped of 11;');
    expect(text).toContain('why     traced 2, elf-dep-of 1, parent-of 1, allowlist 1\n');
    expect(text).toContain('  ok   api.ts (1.2s)');
    expect(text).toContain('warning a plan warning');
    expect(text).toContain('verify  passed\n');
    expect(text).toMatch(/time    trace 4\.2s, verify 1\.5s\n$/);
  });

  it('prints the packages of the source and of the slim image, and no line for an image without packages', () => {
    const report = buildRunReport(input({ packages: { source: 412, kept: Array.from({ length: 38 }, (_, i) => `dpkg:p${i}`) } }));
    expect(report.packages?.kept).toHaveLength(38);
    expect(formatRunSummary(report)).toContain('\npackages 412 → 38\n');
    expect(formatRunSummary(buildRunReport(input({ packages: { source: 0, kept: [] } })))).not.toContain('packages');
  });

  it('marks a slim image removed after a failed verification and shows the failing probe', () => {
    const text = formatRunSummary(buildRunReport(input({
      slim: { ref: 'app:1-slim', id: 'sha256:b', bytes: 125_000_000, kept: false },
      probes: { trace: [{ name: 'api.ts', ok: true, durationMs: 10 }], verify: [{ name: 'api.ts', ok: false, durationMs: 10, error: 'GET /x: expected status 200, got 404' }] },
      verified: 'failed',
    })));
    expect(text).toContain('(removed: failed verification)');
    expect(text).toContain('  FAIL api.ts (0.0s) — GET /x: expected status 200, got 404');
    expect(text).toContain('verify  failed');
  });
});

describe('components in the report', () => {
  it('lists kept components with what they add over the traced-only plan, and prints the summary lines', () => {
    const componentKeep = new Map<string, KeepReason>([
      ...keep,
      ['/usr/bin/ls', { kind: 'component', component: 'dpkg:coreutils', evidence: 'dependency of dpkg:nodejs' }],
    ]);
    const components = [
      { id: 'dpkg:nodejs', kind: 'dpkg', name: 'nodejs', bytes: 80_000_000, files: 1, why: 'traced /usr/bin/node' },
      { id: 'dpkg:coreutils', kind: 'dpkg', name: 'coreutils', bytes: 150_000, files: 1, why: 'dependency of dpkg:nodejs' },
    ];
    const report = buildRunReport(input({ plan: { ...plan, keep: componentKeep, components }, closure: 'component', tracedOnlyKeep: keep }));
    expect(report.components.tracedOnlyBytes).toBe(report.keptFileBytes - 150_000);
    expect(report.components.addedBytes).toBe(150_000);
    expect(report.components.kept.map((c) => [c.id, c.addedBytes])).toEqual([['dpkg:nodejs', 0], ['dpkg:coreutils', 150_000]]);
    expect(report.kept).toContainEqual({ path: '/usr/bin/ls', reason: 'component dpkg:coreutils (dependency of dpkg:nodejs)' });
    expect(report.keptByReason.component).toBe(1);
    const text = formatRunSummary(report);
    expect(text).toContain('closure traced-only 120 MB, components +150 kB (largest: dpkg:coreutils +150 kB)\n');
    expect(text).toMatch(/components 2 live, biggest:\n +80 MB +1 files  dpkg:nodejs  \(traced \/usr\/bin\/node\)\n/);
    expect(formatRunSummary(buildRunReport(input()))).toContain('closure traced: only the files the app used');
  });
});

describe('debug layer', () => {
  it('adds the tools the image has, with their chains, minus what the slim layer holds', () => {
    const withShell: Manifest = {
      entries: new Map([
        ...manifest.entries,
        ['/usr/bin/dash', file('/usr/bin/dash', 100_000)],
        ['/usr/bin/sh', { ...file('/usr/bin/sh', 0), type: 'symlink', linkTarget: 'dash' }],
        ['/bin', { ...dir('/bin'), type: 'symlink', linkTarget: 'usr/bin' }],
      ]),
    };
    expect(findDebugTools(withShell)).toEqual(['/usr/bin/sh', '/usr/bin/dash', '/usr/bin/ls']);
    const layer = debugLayerSelection({ plan, manifest: withShell, config: {}, elf: new Map(), textFiles: new Map() });
    expect([...layer.keep]).toEqual(expect.arrayContaining(['/usr/bin/sh', '/usr/bin/dash', '/usr/bin/ls', '/bin']));
    expect(layer.keep.has('/usr/bin/node')).toBe(false);
    expect(layer.createdBy).toBe('minify: debug tools sh dash ls');
  });
});
