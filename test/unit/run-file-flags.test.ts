// A file flag set once for several images (minify.yml top level, MINIFY_*, the command line) writes
// one file per image; a shared --markdown file gets one section per image; true clashes are exit 2.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, resolveRuns } from '../../src/cli/run-config-file.js';
import { imageSlug, perImageFiles, withSlug } from '../../src/cli/run-file-flags.js';
import { writeRunMarkdown } from '../../src/cli/run-markdown-options.js';
import { defineRunCommand } from '../../src/cli/run.js';
import { UsageError } from '../../src/errors.js';

function runsOf(text: string, argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
  const program = new Command().exitOverride();
  const command = defineRunCommand(program).action(() => {});
  program.parse(['run', ...argv], { from: 'user' });
  return perImageFiles(resolveRuns(command, command.args[0], env, parseRunConfig(text, 'minify.yml', command)));
}

describe('withSlug and imageSlug', () => {
  it('puts the slug before the extension, or after a name without one', () => {
    expect(imageSlug('minify-fixture/static-web:1.0')).toBe('minify-fixture-static-web-1.0');
    expect(imageSlug('registry.example.com:5000/team/app@sha256:ab')).toBe('registry.example.com-5000-team-app-sha256-ab');
    expect(withSlug('out/report.json', 'app-1')).toBe('out/report.app-1.json');
    expect(withSlug('slim.tar', 'app-1')).toBe('slim.app-1.tar');
    expect(withSlug('out.d/report', 'app-1')).toBe('out.d/report.app-1');
    expect(withSlug('.report', 'app-1')).toBe('.report.app-1');
  });
});

describe('perImageFiles', () => {
  const FILE = `
report: out/report.json
html: out/report.html
sbom: out/sbom.json
output: out/slim.tar
markdown: summary.md
images:
  - image: api:1.4
  - image: worker:2
    report: worker-report.json
  - image: web:3
`;

  it('gives each image its own file for a top-level report, html, sbom and output', () => {
    const [api, worker, web] = runsOf(FILE).map((run) => run.flags);
    expect(api).toMatchObject({ report: 'out/report.api-1.4.json', html: 'out/report.api-1.4.html', sbom: 'out/sbom.api-1.4.json', output: 'out/slim.api-1.4.tar' });
    expect(worker).toMatchObject({ report: 'worker-report.json', html: 'out/report.worker-2.html' });
    expect(web).toMatchObject({ report: 'out/report.web-3.json', output: 'out/slim.web-3.tar' });
  });

  it('does the same for a file given on the command line or in MINIFY_* for all the images', () => {
    const text = 'images: [a:1, b:2]';
    expect(runsOf(text, ['--report', 'r.json']).map((run) => run.flags.report)).toEqual(['r.a-1.json', 'r.b-2.json']);
    expect(runsOf(text, [], { MINIFY_HTML: 'r.html' }).map((run) => run.flags.html)).toEqual(['r.a-1.html', 'r.b-2.html']);
  });

  it('leaves one image, and files no other run shares, as they are', () => {
    expect(runsOf('report: r.json\nimages: [a:1]').map((run) => run.flags.report)).toEqual(['r.json']);
    expect(runsOf('images: [{image: a:1, report: a.json}, {image: b:2, report: b.json}]').map((run) => run.flags.report)).toEqual(['a.json', 'b.json']);
  });

  it('appends a shared --markdown file, one section per image in order', async () => {
    const runs = runsOf(FILE);
    expect(runs.map((run) => run.flags.markdownAppend ?? false)).toEqual([false, true, true]);
    const dir = await mkdtemp(join(tmpdir(), 'minify-md-'));
    try {
      const markdown = join(dir, 'summary.md');
      for (const run of runs) await writeRunMarkdown({ ...run.flags, markdown }, { image: run.image, error: new UsageError(`${run.image} failed`) });
      const text = await readFile(markdown, 'utf8');
      expect(text.indexOf('api:1.4')).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('api:1.4')).toBeLessThan(text.indexOf('worker:2'));
      expect(text.indexOf('worker:2')).toBeLessThan(text.indexOf('web:3'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses (exit 2) when the same image twice would write one file', () => {
    expect(() => runsOf('report: r.json\nimages: [a:1, a:1]')).toThrow(UsageError);
    expect(() => runsOf('report: r.json\nimages: [a:1, a:1]')).toThrow('--report r.a-1.json would be written by two runs (a:1 and a:1)');
  });
});
