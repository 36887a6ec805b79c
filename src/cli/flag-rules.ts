// Flags that only mean something next to another flag (--job-timeout needs --job): given alone they
// are a usage error (exit 2), not silently ignored.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export interface FlagCompanion {
  /** The attribute names commander gives the options, e.g. 'jobTimeout' for --job-timeout. */
  readonly flag: string;
  readonly needs: string;
}

const asFlag = (attribute: string) => `--${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Throws when a flag typed on the command line lacks the flag it belongs with. */
export function assertCompanions(command: Command, companions: readonly FlagCompanion[]): void {
  const values = command.opts();
  for (const { flag, needs } of companions) {
    const typed = command.getOptionValueSource(flag) === 'cli';
    const present = values[needs] !== undefined && values[needs] !== false;
    if (typed && !present) throw new UsageError(`${asFlag(flag)} only applies with ${asFlag(needs)}`, `add ${asFlag(needs)}, or drop ${asFlag(flag)}`);
  }
}
