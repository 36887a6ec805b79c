// Probe for minify-fixture/node-api:1.0: hits every route so lazy requires and child processes are traced.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  const { http } = ctx;
  await http.get('/', { port: 3000, expect: { status: 200, contains: '<ul>' } });
  await http.get('/health', { port: 3000, expect: { status: 200, json: { ok: true } } });
  await http.get('/gzip', { port: 3000, expect: { status: 200, json: { algorithm: 'gzip', roundTrip: true } } });
  await http.get('/hash?s=minify', {
    port: 3000,
    expect: { status: 200, json: { input: 'minify', hex: '7f508f6fd9b0bd3dbbc8069e1289168f1b5781b5d24bf6fe759fada388097bef' } },
  });
  // Uptime and the clock differ on every call: the behaviour diff skips those keys.
  await http.get('/report', { port: 3000, volatile: { jsonKeys: ['uptime', 'uptimeMs', 'generatedAt'] }, expect: { status: 200 } });
  // `ls /app` lists .git, coverage/ and tests on the source, which the slim image rightly drops.
  const spawn = await http.get('/spawn', { port: 3000, volatile: { jsonKeys: ['files'] }, expect: { status: 200, json: { command: '/bin/ls /app' } } });
  ctx.log(`/spawn listed ${spawn.json<{ files: string[] }>().files.length} files`);
}
