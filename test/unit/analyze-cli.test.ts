// `minify analyze` output: gates, JSON with UTF-8 paths, plain text sections.
import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../src/analyze/analyze.js';
import { checkGates, formatReportText, reportToJson } from '../../src/cli/analyze-output.js';
import { buildInput, file, listing } from './analyze-helpers.js';

const report = analyzeImage(buildInput(
  [
    listing(0, [file('/usr/bin/app', 2_000_000), file('/caf\xc3\xa9/menu.txt', 10)]),
    listing(1, [file('/usr/bin/app', 1_000_000), file('/app/.git/HEAD', 300)]),
  ],
  ['/bin/sh -c #(nop) ADD file:x in / ', '/bin/sh -c make'],
));

describe('checkGates', () => {
  it('passes and fails each gate against the report', () => {
    const gates = checkGates(report, { maxSize: 1_000_000, minEfficiency: 0.5, maxWasted: 10_000_000 });
    expect(gates.map((g) => [g.gate, g.ok])).toEqual([['--max-size', false], ['--min-efficiency', false], ['--max-wasted', true]]);
    expect(gates[0]?.message).toBe('image size 3 MB exceeds --max-size 1 MB');
    expect(gates[1]?.message).toBe('efficiency 33.3 % is below --min-efficiency 50.0 %');
    expect(checkGates(report, {})).toEqual([]);
  });
});

describe('output', () => {
  it('shows byte-string paths as UTF-8 in JSON', () => {
    const json = JSON.stringify(reportToJson(report, []));
    expect(json).toContain('/café/menu.txt');
    expect(json).not.toContain('\xc3\xa9');
  });

  it('carries schema and exitCode (11 when a gate failed)', () => {
    expect(reportToJson(report, [])).toMatchObject({ schema: 1, exitCode: 0 });
    expect(reportToJson(report, checkGates(report, { maxSize: 1 }))).toMatchObject({ schema: 1, exitCode: 11 });
  });

  it('prints plain sections without escape codes', () => {
    const text = formatReportText(report);
    for (const title of ['Layers', 'Biggest dirs', 'Biggest files', 'Junk', 'Summary']) expect(text).toContain(`\n${title}`);
    expect(text).toContain('RUN make');
    expect(text).toMatch(/git\s+\/app\/\.git\s+300 B\s+add \.git to \.dockerignore/);
    expect(text).toMatch(/efficiency\s+33\.3 %/);
    expect(text).not.toMatch(/\x1b/);
  });
});
