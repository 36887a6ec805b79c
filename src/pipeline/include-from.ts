// --include-from REPORT.json: the paths an earlier run's report kept become roots of this plan, so
// the slim image keeps the union of what both runs saw.
import { readFile } from 'node:fs/promises';
import { ExitCode, MinifyError } from '../errors.js';
import type { ExtraRoot } from '../plan/types.js';

export async function rootsFromReports(files: readonly string[]): Promise<ExtraRoot[]> {
  const roots: ExtraRoot[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new MinifyError(`--include-from ${file}: cannot read the file`, { code: ExitCode.notFound, hint: 'give the --report file of an earlier minify run' });
    }
    const kept = keptPaths(text);
    if (!kept) {
      throw new MinifyError(`--include-from ${file}: not a minify run report (no "kept" list)`, {
        code: ExitCode.usage,
        hint: 'give the file an earlier `minify run --report FILE` wrote',
      });
    }
    // Reports show paths as UTF-8 text; the plan speaks byte strings (one char per byte).
    for (const path of kept) roots.push({ path: Buffer.from(path, 'utf8').toString('latin1'), reason: { kind: 'include', rule: `--include-from ${file}` } });
  }
  return roots;
}

function keptPaths(text: string): string[] | undefined {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return undefined;
  }
  const kept = (report as { kept?: unknown } | null)?.kept;
  if (!Array.isArray(kept)) return undefined;
  return kept.flatMap((item: unknown) => {
    const path = (item as { path?: unknown } | null)?.path;
    return typeof path === 'string' && path.startsWith('/') ? [path] : [];
  });
}
