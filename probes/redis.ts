// Probe for minify-fixture/redis:1.0: PING, SET and GET through the host's redis-cli on the published 6379.
import type { ProbeContext } from '../src/probes/types.js';

export default async function (ctx: ProbeContext): Promise<void> {
  const cli = (...args: string[]) => ctx.exec('redis-cli', ['-h', '127.0.0.1', '-p', String(ctx.hostPort(6379)), ...args]);
  const ping = await cli('ping');
  if (ping.stdout.trim() !== 'PONG') throw new Error(`redis-cli ping: expected PONG, got ${ping.stdout.trim()}`);
  await cli('set', 'minify:probe', 'hello');
  const value = await cli('get', 'minify:probe');
  if (value.stdout.trim() !== 'hello') throw new Error(`redis-cli get: expected hello, got ${value.stdout.trim()}`);
}
