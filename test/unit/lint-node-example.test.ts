// A typical bloated Node Dockerfile and its multi-stage rewrite; ignores, thresholds and output formats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { formatFindings } from '../../src/lint/format.js';
import { failsThreshold, lintDockerfile } from '../../src/lint/lint.js';
import { RULES } from '../../src/lint/rules/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures-lint');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const bloated = read('node-bloated/Dockerfile');
const slim = read('node-slim/Dockerfile');
const slimIgnore = read('node-slim/.dockerignore');
const DIGEST = '@sha256:4f2d5c3b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c';
const ids = (findings: readonly { code: string }[]) => [...new Set(findings.map((f) => f.code))].sort();

describe('the bloated single-stage Node Dockerfile', () => {
  const { findings } = lintDockerfile(bloated, { dockerignore: undefined });

  it('triggers exactly the expected rules', () => {
    expect(ids(findings)).toEqual([
      'MF101', // single stage installs dev dependencies
      'MF102', // COPY . . before npm install
      'MF103', // two consecutive RUNs
      'MF107', // npm install instead of npm ci
      'MF108', // dev dependencies in the runtime stage
      'MF109', // npm cache not cleaned
      'MF112', // no digest
      'MF113', // node:18 is the fat variant
      'MF114', // runs as root
      'MF115', // shell-form CMD
      'MF117', // no .dockerignore
    ]);
  });

  it('locates findings on their instructions', () => {
    const at = (code: string) => findings.find((f) => f.code === code);
    expect([at('MF102')?.line, at('MF107')?.line, at('MF103')?.line, at('MF115')?.line, at('MF117')?.line]).toEqual([3, 4, 5, 7, 1]);
  });

  it('fails the default warning threshold but not none', () => {
    expect(failsThreshold(findings, 'warning')).toBe(true);
    expect(failsThreshold(findings, 'error')).toBe(false);
    expect(failsThreshold(findings, 'none')).toBe(false);
  });

  it('honours --ignore with our ids and mapped hadolint ids', () => {
    const { findings: rest } = lintDockerfile(bloated, { dockerignore: undefined, ignore: ['MF117', 'DL3025', 'dl3059'] });
    expect(ids(rest)).not.toContain('MF117');
    expect(ids(rest)).not.toContain('MF115');
    expect(ids(rest)).not.toContain('MF103');
    expect(ids(rest)).toContain('MF102');
  });

  it('rejects an unknown rule in --ignore', () => {
    expect(() => lintDockerfile(bloated, { dockerignore: undefined, ignore: ['MF999'] })).toThrow(UsageError);
  });

  it('honours inline minify-ignore and hadolint ignore comments on the lines above', () => {
    const text = bloated
      .replace('COPY . .', '# minify-ignore=MF102\nCOPY . .')
      .replace('CMD npm start', '# a reason\n# hadolint ignore=DL3025,DL3002\nCMD npm start');
    const got = ids(lintDockerfile(text, { dockerignore: undefined }).findings);
    expect(got).not.toContain('MF102');
    expect(got).not.toContain('MF115');
    expect(got).toContain('MF114');
  });
});

describe('its multi-stage rewrite', () => {
  it('is clean except the digest pin', () => {
    const { findings } = lintDockerfile(slim, { dockerignore: slimIgnore });
    expect(ids(findings)).toEqual(['MF112']);
    expect(findings.map((f) => f.line)).toEqual([2, 9]);
    expect(failsThreshold(findings, 'warning')).toBe(false);
    expect(failsThreshold(findings, 'info')).toBe(true);
  });

  it('is fully clean once both bases carry a digest', () => {
    const pinned = slim.replaceAll('FROM node:18-alpine', `FROM node:18-alpine${DIGEST}`);
    expect(lintDockerfile(pinned, { dockerignore: slimIgnore }).findings).toEqual([]);
  });
});

describe('output formats', () => {
  const { findings } = lintDockerfile(bloated, { file: 'app/Dockerfile', dockerignore: undefined });

  it('prints hadolint-like text lines', () => {
    const lines = formatFindings(findings, 'text', { version: '0.1.0' }).trimEnd().split('\n');
    expect(lines).toHaveLength(findings.length);
    expect(lines).toContain('app/Dockerfile:7 MF115 warning: shell-form CMD: signals are not forwarded and a shell must stay in the image (use the exec form: CMD ["node", "server.js"])');
  });

  it('prints a JSON array of findings', () => {
    const parsed = JSON.parse(formatFindings(findings, 'json', { version: '0.1.0' })) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(findings.length);
    expect(Object.keys(parsed[0] ?? {}).sort()).toEqual(['code', 'column', 'file', 'hint', 'level', 'line', 'message']);
    expect(parsed.find((f) => f.code === 'MF102')).toMatchObject({ file: 'app/Dockerfile', line: 3, column: 1, level: 'warning' });
  });

  it('prints SARIF 2.1.0 with rule metadata', () => {
    const sarif = JSON.parse(formatFindings(findings, 'sarif', { version: '0.1.0' }));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('minify');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.results).toHaveLength(findings.length);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('app/Dockerfile');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const mf103 = run.tool.driver.rules.find((r: { id: string }) => r.id === 'MF103');
    expect(mf103.properties.hadolint).toEqual(['DL3059']);
    expect(mf103.defaultConfiguration.level).toBe('note');
  });
});
