// Renders findings as hadolint-like text, a JSON array, or SARIF 2.1.0.
import { escapeControl } from '../errors.js';
import type { Finding, Severity } from './rule.js';
import { RULES } from './rules/index.js';

export type LintFormat = 'text' | 'json' | 'sarif';

export function formatText(findings: readonly Finding[]): string {
  return findings.map((f) => `${escapeControl(`${f.file}:${f.line} ${f.code} ${f.level}: ${f.message} (${f.hint})`)}\n`).join('');
}

export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(findings.map(({ file, line, column, code, level, message, hint }) => ({ file, line, column, code, level, message, hint })), null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

export function formatSarif(findings: readonly Finding[], options: { version: string }): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'minify',
          semanticVersion: options.version,
          rules: RULES.map((r) => ({
            id: r.id,
            name: r.name,
            shortDescription: { text: r.message },
            fullDescription: { text: r.description },
            help: { text: r.hint },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { severity: r.severity, ...(r.hadolint ? { hadolint: r.hadolint } : {}) },
          })),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: index.get(f.code) ?? -1,
        level: SARIF_LEVEL[f.level],
        message: { text: `${f.message} (${f.hint})` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.file.replace(/\\/g, '/')) },
            region: { startLine: f.line, startColumn: f.column },
          },
        }],
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function formatFindings(findings: readonly Finding[], format: LintFormat, options: { version: string }): string {
  if (format === 'json') return formatJson(findings);
  if (format === 'sarif') return formatSarif(findings, options);
  return formatText(findings);
}
