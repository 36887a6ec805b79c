// The run report's inputs as the report tests build them: manifest entries, and a passed run of
// app:1 (traced and verified by api.ts) whose fields each test replaces as it needs.
import type { RunReportInput } from '../../src/report/run-report.js';
import type { FileEntry, Manifest } from '../../src/types.js';

export const fileEntry = (path: string, size: number): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size, mtime: 0, layerIndex: 0 });
export const dirEntry = (path: string): FileEntry => ({ ...fileEntry(path, 0), type: 'dir', mode: 0o755 });
export const manifestOf = (entries: readonly FileEntry[]): Manifest => ({ entries: new Map(entries.map((e) => [e.path, e])) });

/** `manifest` and `plan` are each test's own; the rest is a run that passed unless `parts` says otherwise. */
export function runReportInput(parts: Pick<RunReportInput, 'manifest' | 'plan'> & Partial<RunReportInput>): RunReportInput {
  return {
    source: { ref: 'app:1', id: 'sha256:a', bytes: 1_000_000_000 },
    slim: { ref: 'app:1-slim', id: 'sha256:b', bytes: 125_000_000, kept: true },
    closure: 'traced',
    trace: { schemaVersion: 1, mode: 'both', events: [], execs: [], warnings: [] },
    probes: { trace: [{ name: 'api.ts', ok: true, durationMs: 1200 }], verify: [{ name: 'api.ts', ok: true, durationMs: 300 }] },
    verified: 'passed',
    timings: [],
    ...parts,
  };
}
