// Light probe for minify-fixture/static-web:1.0 (nginx on 80): GET / only, what a user writes in a minute.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  await ctx.http.get('/', { port: 80, expect: { status: 200, contains: 'minify static-web fixture' } });
}
