// Markdown for pull requests: analyze's and run's reports as tables no path or error text can break,
// drawn from the same JSON objects as --json.
import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../src/analyze/analyze.js';
import { checkGates, reportToJson } from '../../src/cli/analyze-output.js';
import { renderAnalyzeMarkdown } from '../../src/report/markdown/analyze-markdown.js';
import { code, prose, table, text } from '../../src/report/markdown/markdown.js';
import { renderRunFailureMarkdown, renderRunMarkdown } from '../../src/report/markdown/run-markdown.js';
import { buildRunReport, type RunReportInput } from '../../src/report/run-report.js';
import type { KeepReason } from '../../src/types.js';
import { buildInput, file, listing } from './analyze-helpers.js';
import { fileEntry, manifestOf, runReportInput } from './run-report-builders.js';

/** Cells of a table row, split at the pipes GitHub splits at (not the escaped ones). */
const cells = (row: string) => row.replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);

/** Every table in `markdown` has as many cells in each row as in its header. */
function expectTablesWellFormed(markdown: string): void {
  const lines = markdown.split('\n');
  let width = 0;
  for (const [index, line] of lines.entries()) {
    if (!line.startsWith('|')) {
      width = 0;
      continue;
    }
    if (width === 0) width = cells(line).length;
    expect(cells(line), `line ${index}: ${line}`).toHaveLength(width);
  }
}

describe('markdown pieces', () => {
  it('escapes what would end a cell, open HTML or format text', () => {
    expect(text('a|b <script>*x*')).toBe('a\\|b \\<script\\>\\*x\\*');
    expect(text('two\nlines')).toBe('two lines');
    expect(text('x'.repeat(500), 20)).toHaveLength(20);
    expect(code('/app/a|b')).toBe('`/app/a\\|b`');
    expect(code('run `id`')).toBe('`` run `id` ``');
    expect(prose('run `apt-get clean` in the *same* RUN')).toBe('run `apt-get clean` in the \\*same\\* RUN');
    expect(table([{ title: 'a' }, { title: 'b', align: 'right' }], [['1', '2']])).toEqual(['| a | b |', '|---|---:|', '| 1 | 2 |']);
    expect(table([{ title: 'a' }], [], '_nothing_')).toEqual(['_nothing_']);
  });
});

describe('minify analyze --format markdown', () => {
  const report = analyzeImage(buildInput(
    [
      listing(0, [file('/usr/bin/app', 2_000_000), file('/weird|name`x.txt', 10)]),
      listing(1, [file('/usr/bin/app', 1_000_000), file('/app/.git/HEAD', 300)]),
    ],
    ['/bin/sh -c #(nop) ADD file:x in / ', '/bin/sh -c make | tee log'],
  ));

  it('has sizes, efficiency, gates, wasted paths, junk with its fix and the layer table', () => {
    const markdown = renderAnalyzeMarkdown(reportToJson(report, checkGates(report, { maxSize: 1_000_000, maxWasted: 10_000_000 })));
    expect(markdown).toMatch(/^### minify analyze image\n/);
    expect(markdown).toContain('| 3 MB | 1 MB in 3 | 33.3 % | 3 MB | 0 B | 300 B in 1 findings |');
    expect(markdown).toContain('| `--max-size` | 1 MB | 3 MB | ❌ exceeded |');
    expect(markdown).toContain('| `--max-wasted` | 10 MB | 3 MB | ✅ ok |');
    expect(markdown).toContain('| 3 MB | 2× | `/usr/bin/app` |');
    expect(markdown).toMatch(/\| 300 B \| git \| `\/app\/\.git` \| add \.git to \.dockerignore/);
    expect(markdown).toContain('| 1 | 1 MB | `RUN make \\| tee log` |');
    expectTablesWellFormed(markdown);
  });

  it('says so when there is no junk and no gate', () => {
    const clean = analyzeImage(buildInput([listing(0, [file('/usr/bin/app', 10)])]));
    const markdown = renderAnalyzeMarkdown(reportToJson(clean, []));
    expect(markdown).toContain('_nothing found_');
    expect(markdown).not.toContain('Gates');
  });
});

describe('minify run --markdown', () => {
  const manifest = manifestOf([fileEntry('/usr/bin/node', 80_000_000), fileEntry('/app/server.js', 2_000), fileEntry('/app/.git/pack', 9_000_000)]);
  const keep = new Map<string, KeepReason>([
    ['/usr/bin/node', { kind: 'component', component: 'dpkg:nodejs', evidence: '/usr/bin/node' }],
    ['/app/server.js', { kind: 'traced', ops: ['open'] }],
  ]);
  const components = [{ id: 'dpkg:nodejs', kind: 'dpkg', name: 'nodejs', bytes: 80_000_000, files: 1, why: 'traced /usr/bin/node' }];
  const run = (overrides: Partial<RunReportInput> = {}, exitCode = 0, failures: string[] = []) => ({
    ...buildRunReport(runReportInput({
      slim: { ref: 'app:1-slim', id: 'sha256:b', bytes: 100_000_000, kept: true },
      debug: { ref: 'app:1-debug', id: 'sha256:c', bytes: 104_000_000 },
      manifest, plan: { keep, missing: [], warnings: [], components }, closure: 'component',
      gates: [{ gate: '--max-size', limit: 200_000_000, actual: 100_000_000, ok: true }],
      pushed: [{ ref: 'reg.example/app:1-slim', ok: true, digest: `sha256:${'d'.repeat(64)}` }],
      ...overrides,
    })),
    exitCode, failures,
  });

  it('has source vs slim sizes, the ratio, gates, verification, probes, top components and pushes', () => {
    const markdown = renderRunMarkdown(JSON.parse(JSON.stringify(run())));
    expect(markdown).toMatch(/^### minify run `app:1`: ✅ succeeded\n/);
    expect(markdown).toContain('| source | `app:1` | 1 GB |   |');
    expect(markdown).toContain('| slim | `app:1-slim` | 100 MB |   |');
    expect(markdown).toContain('| debug | `app:1-debug` | 104 MB |   |');
    expect(markdown).toContain('**10.0× smaller**, 2 of 3 files kept');
    expect(markdown).toContain('| `--max-size` | 200 MB | 100 MB | ✅ ok |');
    expect(markdown).toContain('#### Verification: ✅ passed');
    expect(markdown).toContain('| trace | `api.ts` | ✅ ok | 1.2 s |   |');
    expect(markdown).toContain('| verify | `api.ts` | ✅ ok | 0.3 s |   |');
    expect(markdown).toContain('| `dpkg:nodejs` | 80 MB | 1 | traced /usr/bin/node |');
    expect(markdown).toContain(`| \`reg.example/app:1-slim\` | ✅ pushed | \`sha256:${'d'.repeat(64)}\` |`);
    expect(markdown).not.toContain('Why the run failed');
    expectTablesWellFormed(markdown);
  });

  it('shows a failed verification, its misses, a probe error with markup in it, and why the run failed', () => {
    const failed = run({
      slim: { ref: 'app:1-slim', id: 'sha256:b', bytes: 100_000_000, kept: false },
      verified: 'failed',
      probes: { trace: [{ name: 'api.ts', ok: true, durationMs: 1 }], verify: [{ name: 'api.ts', ok: false, durationMs: 5, error: 'GET / -> 500 <html>|oops|' }] },
      verification: { misses: [{ path: '/etc/mime.types', op: 'open', errno: 2, phase: 'trace-probe', round: 0 }], repairs: [], behaviour: [] },
      gates: [], pushed: undefined,
    }, 10, ['verification failed: probe api.ts failed', 'not pushed: the slim image failed verification']);
    const markdown = renderRunMarkdown(failed);
    expect(markdown).toMatch(/^### minify run `app:1`: ❌ failed \(exit 10\)/);
    expect(markdown).toContain('| slim | `app:1-slim` | 100 MB | removed (failed verification) |');
    expect(markdown).toContain('#### Verification: ❌ failed');
    expect(markdown).toContain('- 1 path(s) looked for in vain that the source has, e.g. `/etc/mime.types`');
    expect(markdown).toContain('| verify | `api.ts` | ❌ failed | 0.0 s | GET / -\\> 500 \\<html\\>\\|oops\\| |');
    expect(markdown).toContain('- not pushed: the slim image failed verification');
    expect(markdown).not.toContain('#### Gates');
    expectTablesWellFormed(markdown);
  });

  it('writes what stopped a run that ended early, with the hint', () => {
    expect(renderRunFailureMarkdown('app:1', { code: 7, message: 'probe api.ts failed against the source image', hint: 'fix the probe' }))
      .toBe('### minify run `app:1`: ❌ failed (exit 7)\n\nprobe api.ts failed against the source image\n\n_fix the probe_\n');
  });
});
