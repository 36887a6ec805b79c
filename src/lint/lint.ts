// Lint entry point: parse, run every rule, apply ignores, sort findings.
import type { Dockerfile } from './ast.js';
import { inlineIgnores, resolveRuleId } from './ignore.js';
import { parseDockerfile } from './parse-dockerfile.js';
import type { Finding, Rule, Severity } from './rule.js';
import { severityRank } from './rule.js';
import { RULES } from './rules/index.js';
import { UsageError } from '../errors.js';

export interface LintOptions {
  /** Label used in findings and errors. Default `Dockerfile`. */
  readonly file?: string;
  /** Content of the .dockerignore next to the Dockerfile, undefined when there is none. */
  readonly dockerignore: string | undefined;
  /** Rule ids (MFxxx, or mapped hadolint DLxxxx) to skip. */
  readonly ignore?: readonly string[];
  /** Registry hosts base images must come from (MF120); none: any registry. */
  readonly trustedRegistries?: readonly string[];
}

export interface LintResult {
  readonly dockerfile: Dockerfile;
  readonly findings: readonly Finding[];
}

/** Resolves --ignore values to rule ids; an unknown id is a usage error. */
export function resolveIgnores(ids: readonly string[]): Set<string> {
  return new Set(ids.map((id) => {
    const resolved = resolveRuleId(id);
    if (!resolved) throw new UsageError(`unknown rule "${id}" in --ignore`, `rules: ${RULES.map((r) => r.id).join(', ')}`);
    return resolved;
  }));
}

export function lintParsed(dockerfile: Dockerfile, options: Omit<LintOptions, 'file'>): Finding[] {
  const skip = resolveIgnores(options.ignore ?? []);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (skip.has(rule.id)) continue;
    for (const hit of rule.check({ dockerfile, dockerignore: options.dockerignore, trustedRegistries: options.trustedRegistries ?? [] })) {
      if (hit.instruction && inlineIgnores(hit.instruction).has(rule.id)) continue;
      findings.push({
        file: dockerfile.file,
        line: hit.instruction?.line ?? 1,
        column: hit.instruction?.column ?? 1,
        code: rule.id,
        level: rule.severity,
        message: hit.message ?? rule.message,
        hint: hit.hint ?? rule.hint,
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** Parses and lints; throws a located MinifyError (ExitCode.parseError) on malformed input. */
export function lintDockerfile(text: string, options: LintOptions): LintResult {
  const dockerfile = parseDockerfile(text, { file: options.file ?? 'Dockerfile' });
  return { dockerfile, findings: lintParsed(dockerfile, options) };
}

export type FailureThreshold = Severity | 'none';

/** True when a finding is at or above the threshold (`none` never fails). */
export function failsThreshold(findings: readonly Finding[], threshold: FailureThreshold): boolean {
  if (threshold === 'none') return false;
  return findings.some((f) => severityRank(f.level) >= severityRank(threshold));
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
