// `--probe-exec 'cmd args'`: a probe that runs a command inside the target container (no shell).
import { UsageError } from '../errors.js';
import type { Probe } from './types.js';

export function execProbe(command: string): Probe {
  const argv = command.trim().split(/\s+/).filter(Boolean);
  if (argv.length === 0) throw new UsageError('--probe-exec needs a command', "e.g. --probe-exec 'redis-cli ping'");
  return {
    name: `exec: ${argv.join(' ')}`,
    run: async (ctx) => {
      const result = await ctx.execInTarget(argv);
      if (result.stdout.trim()) ctx.log(result.stdout.trim().split('\n').slice(-3).join(' | '));
    },
  };
}
