// Held-out check for minify-fixture/redis:1.0 over RESP from the host: strings, hashes, lists, key
// expiry, a Lua script, and persistence (SAVE, then a restart of the same container).
import type { CheckTarget, HeldOutCheck } from './check-types.js';
import { RespClient } from './resp.js';
import { same, StepRecorder, untilReady } from './steps.js';

const PORT = 6379;

async function withRedis<T>(target: CheckTarget, body: (redis: RespClient) => Promise<T>): Promise<T> {
  const redis = await RespClient.connect(target.hostPort(PORT));
  try {
    return await body(redis);
  } finally {
    redis.close();
  }
}

async function run(target: CheckTarget) {
  const rec = new StepRecorder();
  const stamp = String(Date.now());
  await withRedis(target, async (redis) => {
    await rec.step('strings, counters, hashes, lists', async () => {
      same('SET', await redis.command('SET', 'heldout:s', 'grüße'), 'OK');
      same('GET', await redis.command('GET', 'heldout:s'), 'grüße');
      await redis.command('DEL', 'heldout:n', 'heldout:h', 'heldout:l');
      same('INCRBY', await redis.command('INCRBY', 'heldout:n', '41'), 41);
      same('INCR', await redis.command('INCR', 'heldout:n'), 42);
      await redis.command('HSET', 'heldout:h', 'a', '1', 'b', '2');
      same('HGETALL', await redis.command('HGETALL', 'heldout:h'), ['a', '1', 'b', '2']);
      await redis.command('RPUSH', 'heldout:l', 'x', 'y', 'z');
      same('LRANGE', await redis.command('LRANGE', 'heldout:l', '0', '-1'), ['x', 'y', 'z']);
    });
    await rec.step('key expiry', async () => {
      same('SET PX', await redis.command('SET', 'heldout:ttl', 'soon gone', 'PX', '300'), 'OK');
      same('GET before', await redis.command('GET', 'heldout:ttl'), 'soon gone');
      await new Promise((resolve) => setTimeout(resolve, 600));
      same('GET after', await redis.command('GET', 'heldout:ttl'), null);
    });
    await rec.step('a Lua script (EVAL)', async () => {
      same('EVAL', await redis.command('EVAL', "return redis.call('INCRBY', KEYS[1], ARGV[1]) * 2", '1', 'heldout:lua', '5'), 10);
    });
    await rec.step('SAVE writes the dump', async () => {
      same('SET', await redis.command('SET', 'heldout:persist', stamp), 'OK');
      same('SAVE', await redis.command('SAVE'), 'OK');
    });
  });
  await rec.step('restart: the saved key is loaded again', async () => {
    await target.restart();
    await withRedis(target, async (redis) => same('GET after restart', await redis.command('GET', 'heldout:persist'), stamp));
  });
  return rec.steps;
}

export const redisCheck: HeldOutCheck = {
  fixture: 'redis',
  image: 'minify-fixture/redis:1.0',
  port: PORT,
  probe: 'probes/redis.ts',
  ready: (target, signal) => untilReady(signal, () => withRedis(target, async (redis) => {
    const pong = await redis.command('PING');
    if (pong !== 'PONG') throw new Error(`PING answered ${JSON.stringify(pong)}`);
  })),
  run,
};
