// `minify gc`: removes what dead minify runs on this host left (containers, temp dirs, moved tags).
import type { Command } from 'commander';
import { connectEngine } from '../engine/connect.js';
import { describeSweep, sweepDeadRuns, type DeadRunLeftovers } from '../pipeline/dead-runs.js';

interface GcFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

export function registerGc(program: Command): void {
  program
    .command('gc')
    .description('remove the containers, temp dirs and tag moves that dead minify runs on this host left (runs that are alive are never touched)')
    .option('--dry-run', 'only list what would be removed')
    .option('--json', 'print what was (or would be) removed as JSON')
    .action(async (flags: GcFlags) => {
      const engine = await connectEngine();
      const swept = await sweepDeadRuns(engine, { dryRun: flags.dryRun === true });
      if (flags.json) process.stdout.write(`${JSON.stringify({ dryRun: flags.dryRun === true, ...swept }, null, 2)}\n`);
      else process.stdout.write(formatGc(swept, flags.dryRun === true));
    });
}

function formatGc(swept: DeadRunLeftovers, dryRun: boolean): string {
  const verb = dryRun ? 'would remove' : 'removed';
  const lines = [
    ...swept.containers.map((c) => `${verb} container ${c.id} (${c.role || 'container'} of run ${c.runId}, pid ${c.pid})`),
    ...swept.tempDirs.map((dir) => `${verb} temp dir ${dir}`),
    ...swept.tags.map((t) => `${dryRun ? 'would give' : 'gave'} ${t.tag} back${t.restoredTo ? ` to ${t.restoredTo.slice(7, 19)}` : ' (untagged: it named nothing before)'}`),
  ];
  const summary = describeSweep(swept);
  lines.push(summary ? (dryRun ? summary.replace(/^removed/, 'would remove') : summary) : 'nothing to remove: no dead minify runs on this host');
  return `${lines.join('\n')}\n`;
}
