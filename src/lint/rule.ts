// Lint rule contract: id, severity, messages, and a pure check over the parsed Dockerfile.
import type { Dockerfile, Instruction } from './ast.js';

export type Severity = 'error' | 'warning' | 'info' | 'style';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'style'];

export interface LintContext {
  readonly dockerfile: Dockerfile;
  /** Content of the .dockerignore next to the Dockerfile; undefined when there is none. */
  readonly dockerignore: string | undefined;
  /** Registry hosts base images must come from (config trustedRegistries); empty: any. */
  readonly trustedRegistries: readonly string[];
}

export interface RuleHit {
  /** Where; file-level hits omit it (reported at 1:1). */
  readonly instruction?: Instruction;
  /** Overrides the rule's message / hint. */
  readonly message?: string;
  readonly hint?: string;
}

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** Short name (SARIF rule name, README table). */
  readonly name: string;
  /** One sentence; mentions the hadolint equivalent when there is one. */
  readonly description: string;
  readonly hadolint?: readonly string[];
  readonly message: string;
  readonly hint: string;
  check(context: LintContext): RuleHit[];
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly level: Severity;
  readonly message: string;
  readonly hint: string;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
