// Light probe for minify-fixture/postgres:1.0: one `psql -c 'select 1'` inside the container.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  const result = await ctx.execInTarget(['psql', '-c', 'select 1']);
  if (!/\(1 row\)/.test(result.stdout)) throw new Error(`psql -c 'select 1': unexpected output ${result.stdout.trim()}`);
}
