// Rule ignores: --ignore ids and inline `# minify-ignore=` / `# hadolint ignore=` pragmas.
import type { Instruction } from './ast.js';
import { RULES } from './rules/index.js';

const HADOLINT_TO_MINIFY = new Map<string, string>(
  RULES.flatMap((rule) => (rule.hadolint ?? []).map((dl) => [dl, rule.id] as [string, string])),
);
const IDS = new Set(RULES.map((r) => r.id));

/** Our rule id for an MF id or a mapped hadolint DL id; undefined when unknown. */
export function resolveRuleId(id: string): string | undefined {
  const upper = id.trim().toUpperCase();
  return IDS.has(upper) ? upper : HADOLINT_TO_MINIFY.get(upper);
}

const PRAGMA = /^(?:minify-ignore\s*=\s*|hadolint\s+ignore\s*=\s*)([A-Za-z0-9,\s]+)$/;

/** Rule ids silenced by the comment lines directly above an instruction. */
export function inlineIgnores(instruction: Instruction): Set<string> {
  const ids = new Set<string>();
  for (const comment of instruction.comments) {
    const m = PRAGMA.exec(comment.trim());
    if (!m) continue;
    for (const id of (m[1] ?? '').split(',')) {
      const resolved = resolveRuleId(id);
      if (resolved) ids.add(resolved);
    }
  }
  return ids;
}
