// `minify run --max-size`: the gate's report row and its failure line come from one comparison.
import { describe, expect, it } from 'vitest';
import { checkRunGates } from '../../src/pipeline/run-gates.js';

describe('checkRunGates', () => {
  it('has no gate without --max-size', () => {
    expect(checkRunGates(5_000_000, undefined)).toEqual({ gates: [], failures: [] });
  });

  it('passes at the limit and fails above it, naming both sizes', () => {
    expect(checkRunGates(1_000_000, 1_000_000)).toEqual({ gates: [{ gate: '--max-size', limit: 1_000_000, actual: 1_000_000, ok: true }], failures: [] });
    expect(checkRunGates(2_500_000, 1_000_000)).toEqual({
      gates: [{ gate: '--max-size', limit: 1_000_000, actual: 2_500_000, ok: false }],
      failures: ['gate failed: slim image 2.5 MB exceeds --max-size 1 MB'],
    });
  });
});
