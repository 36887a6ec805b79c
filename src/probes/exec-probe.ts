// `--probe-exec 'cmd "arg with spaces"'`: a probe that runs a command inside the target container
// (argv split with shell quoting, run without a shell).
import { quote } from 'shell-quote';
import { parseCommandLine } from './command-line.js';
import type { Probe } from './types.js';

export function execProbe(command: string): Probe {
  const argv = parseCommandLine(command);
  return {
    name: `exec: ${quote(argv)}`,
    run: async (ctx) => {
      const result = await ctx.execInTarget(argv);
      if (result.stdout.trim()) ctx.log(result.stdout.trim().split('\n').slice(-3).join(' | '));
    },
  };
}
