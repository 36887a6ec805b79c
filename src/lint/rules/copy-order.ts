// MF102: copying the whole context before installing dependencies defeats the layer cache.
import type { Instruction } from '../ast.js';
import { isDependencyInstall } from '../commands.js';
import { splitWords } from '../parse-args.js';
import type { Rule, RuleHit } from '../rule.js';
import { runCommands } from '../shell.js';

/** Sources of a COPY/ADD from the build context (not --from, not heredocs). */
export function contextSources(instruction: Instruction, escape: string): string[] {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return [];
  if (instruction.flags.some((f) => f.name === 'from') || instruction.heredocs.length > 0) return [];
  const words = instruction.json ? [...instruction.json] : splitWords(instruction.args, escape);
  return words.slice(0, -1);
}

const WHOLE_CONTEXT = new Set(['.', './', '*', './*']);

export const copyOrder: Rule = {
  id: 'MF102',
  severity: 'warning',
  name: 'copy-all-before-install',
  description: 'The whole build context is copied before dependencies are installed, so any source change reinstalls them (no hadolint equivalent).',
  message: 'COPY of the whole context before the dependency install',
  hint: 'COPY package*.json, requirements.txt, go.mod/go.sum or Gemfile* first, install, then COPY . .',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      let wholeCopy: Instruction | undefined;
      for (const instruction of stage.instructions) {
        if (!wholeCopy && contextSources(instruction, dockerfile.escape).some((s) => WHOLE_CONTEXT.has(s))) wholeCopy = instruction;
        if (wholeCopy && runCommands(instruction).some(isDependencyInstall)) {
          hits.push({ instruction: wholeCopy, message: `COPY of the whole context (line ${wholeCopy.line}) before the dependency install on line ${instruction.line}` });
          break;
        }
      }
    }
    return hits;
  },
};
