// The CI gates of `minify run` (today only --max-size), checked once: each gate's row for the report,
// and the one-line failure of each it fails.
import { formatBytes } from '../format.js';
import type { RunGate } from '../report/run-report.js';

export interface GateOutcome {
  readonly gates: readonly RunGate[];
  readonly failures: readonly string[];
}

export function checkRunGates(slimBytes: number, maxSizeBytes: number | undefined): GateOutcome {
  const gates: RunGate[] = maxSizeBytes === undefined ? [] : [{ gate: '--max-size', limit: maxSizeBytes, actual: slimBytes, ok: slimBytes <= maxSizeBytes }];
  const failures = gates
    .filter((gate) => !gate.ok)
    .map((gate) => `gate failed: slim image ${formatBytes(gate.actual)} exceeds ${gate.gate} ${formatBytes(gate.limit)}`);
  return { gates, failures };
}
