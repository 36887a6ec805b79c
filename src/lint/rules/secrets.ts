// MF118: secrets passed as ENV or ARG end up in the image config and history.
import type { Instruction } from '../ast.js';
import { parseKeyValues, splitWords } from '../parse-args.js';
import type { Rule, RuleHit } from '../rule.js';

const SECRET = /(^|[_-])(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)([_-]|$)/i;
/** Names that point at a secret rather than hold one (POSTGRES_PASSWORD_FILE). */
const REFERENCE = /_(FILE|PATH|DIR)$/i;

function names(instruction: Instruction, escape: string): string[] {
  if (instruction.keyword === 'ENV') return parseKeyValues(instruction.args, escape).map((kv) => kv.key);
  if (instruction.keyword === 'ARG') return splitWords(instruction.args, escape).map((w) => w.split('=')[0] ?? '');
  return [];
}

export const secretsInEnv: Rule = {
  id: 'MF118',
  severity: 'error',
  name: 'secret-in-env-or-arg',
  description: 'ENV/ARG names that look like secrets (PASSWORD, TOKEN, API_KEY ...) leak into the image config and history (no hadolint equivalent).',
  message: 'secret-looking ENV/ARG',
  hint: 'use RUN --mount=type=secret,id=… at build time, or pass it at run time',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const instruction of dockerfile.instructions) {
      const found = names(instruction, dockerfile.escape).filter((n) => SECRET.test(n) && !REFERENCE.test(n));
      if (found.length > 0) hits.push({ instruction, message: `${instruction.keyword} ${found.join(', ')} looks like a secret` });
    }
    return hits;
  },
};
