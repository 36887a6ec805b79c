// MF103: adjacent RUN instructions in one stage each add a layer; merge them.
import type { Instruction } from '../ast.js';
import type { Rule, RuleHit } from '../rule.js';

export const consecutiveRun: Rule = {
  id: 'MF103',
  severity: 'info',
  name: 'consecutive-run',
  description: 'Consecutive RUN instructions add a layer each; files deleted by a later RUN still weigh in the earlier layer (hadolint DL3059).',
  hadolint: ['DL3059'],
  message: 'consecutive RUN instructions',
  hint: 'merge them into one RUN joined with &&',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const stage of dockerfile.stages) {
      let group: Instruction[] = [];
      const flush = () => {
        const [first, second] = group;
        if (first && second) {
          hits.push({ instruction: second, message: `${group.length} consecutive RUN instructions (lines ${first.line}-${group.at(-1)?.line})` });
        }
        group = [];
      };
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'RUN') group.push(instruction);
        else flush();
      }
      flush();
    }
    return hits;
  },
};
