// Flags that only mean something next to another flag (--job-timeout needs --job): given alone they
// are a usage error (exit 2), not silently ignored, whether typed, in MINIFY_* or in minify.yml.
import { UsageError } from '../errors.js';
import { FROM_COMMAND_LINE, type ResolvedRun } from './run-config-file.js';

export interface FlagCompanion {
  /** The attribute names commander gives the options, e.g. 'jobTimeout' for --job-timeout. */
  readonly flag: string;
  readonly needs: string;
}

const asFlag = (attribute: string) => `--${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Throws when a flag set by any source lacks the flag it belongs with (which may come from any source too). */
export function assertCompanions(run: Pick<ResolvedRun, 'flags' | 'sources'>, companions: readonly FlagCompanion[]): void {
  for (const { flag, needs } of companions) {
    const source = run.sources.get(flag);
    const present = run.flags[needs] !== undefined && run.flags[needs] !== false;
    if (source === undefined || present) continue;
    const from = source === FROM_COMMAND_LINE ? '' : ` (${asFlag(flag)} set by ${source})`;
    throw new UsageError(`${asFlag(flag)} only applies with ${asFlag(needs)}${from}`, `add ${asFlag(needs)}, or drop ${asFlag(flag)}`);
  }
}
