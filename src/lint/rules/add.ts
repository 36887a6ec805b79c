// MF116: ADD where COPY serves (local non-archive paths), and ADD of URLs.
import type { Rule, RuleHit } from '../rule.js';
import { contextSources } from './copy-order.js';

const URL = /^(https?|ftp|git):\/\/|^git@/;
const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz)$/i;

export const addInsteadOfCopy: Rule = {
  id: 'MF116',
  severity: 'warning',
  name: 'add-instead-of-copy',
  description: 'ADD of a local non-archive path should be COPY; ADD of a URL keeps the download in a layer (hadolint DL3020).',
  hadolint: ['DL3020'],
  message: 'ADD used where COPY serves',
  hint: 'use COPY for local files',
  check({ dockerfile }) {
    const hits: RuleHit[] = [];
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const sources = contextSources(instruction, dockerfile.escape);
      if (sources.some((s) => URL.test(s))) {
        hits.push({ instruction, message: 'ADD of a URL', hint: 'RUN curl -fsSL … and delete what is not needed in the same RUN, or COPY a vendored file' });
      } else if (sources.some((s) => !ARCHIVE.test(s))) {
        hits.push({ instruction });
      }
    }
    return hits;
  },
};
