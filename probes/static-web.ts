// Probe for minify-fixture/static-web:1.0 (nginx on 80): the index, its linked pages and the stylesheet.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  const { http } = ctx;
  const index = await http.get('/', { port: 80, expect: { status: 200, contains: '/about.html' } });
  ctx.log(`index is ${index.body.length} bytes`);
  for (const page of ['/about.html', '/contact.html', '/docs/index.html', '/css/style.css']) {
    await http.get(page, { port: 80, expect: { status: 200 } });
  }
  await http.get('/no-such-page', { port: 80, expect: { status: 404 } });
}
