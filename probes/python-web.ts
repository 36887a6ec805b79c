// Light probe for minify-fixture/python-web:1.0 (Flask on 8000): what a user writes in a minute, GET / only.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  // The page shows the current time: its body differs on every request, so the behaviour diff skips it.
  await ctx.http.get('/', { port: 8000, volatile: true, expect: { status: 200, contains: '<h1>python-web</h1>' } });
}
