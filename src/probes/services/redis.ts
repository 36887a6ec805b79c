// The Redis probe: PING, SET (with an expiry), GET, INFO and DEL over RESP, no client needed.
import { randomBytes } from 'node:crypto';
import { ProbeFailure } from '../types.js';
import type { ServiceSteps } from './service-probe.js';
import { openWire, type Address, type Wire } from './wire.js';

type Reply = string | number | null | Reply[] | { error: string };

export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

export async function readReply(wire: Wire): Promise<Reply> {
  const line = await wire.line();
  const kind = line[0];
  const rest = line.slice(1);
  if (kind === '+') return rest;
  if (kind === '-') return { error: rest };
  if (kind === ':') return Number(rest);
  if (kind === '$') {
    const length = Number(rest);
    if (length < 0) return null;
    const data = await wire.take(length + 2);
    return data.subarray(0, length).toString('utf8');
  }
  if (kind === '*') {
    const count = Number(rest);
    if (count < 0) return null;
    const items: Reply[] = [];
    for (let i = 0; i < count; i++) items.push(await readReply(wire));
    return items;
  }
  throw new ProbeFailure(`not a RESP reply: ${JSON.stringify(line.slice(0, 40))}`);
}

async function command(wire: Wire, args: readonly string[]): Promise<Reply> {
  wire.write(encodeCommand(args));
  const reply = await readReply(wire);
  if (reply && typeof reply === 'object' && 'error' in reply) throw new ProbeFailure(`redis ${args[0]}: ${reply.error}`);
  return reply;
}

export const redisSteps: ServiceSteps = async (at, signal, record) => {
  const wire = await openWire(at, signal);
  try {
    wire.write(encodeCommand(['PING']));
    const pong = await readReply(wire);
    if (pong && typeof pong === 'object' && 'error' in pong && /NOAUTH/.test(pong.error)) {
      record('PING', `${pong.error} (a password is set: nothing more to do without it)`);
      return;
    }
    if (pong !== 'PONG') throw new ProbeFailure(`redis PING: ${JSON.stringify(pong)}`);
    record('PING', pong);
    const key = `minify:probe:${randomBytes(4).toString('hex')}`;
    const value = randomBytes(8).toString('hex');
    record(`SET ${key} PX 60000`, String(await command(wire, ['SET', key, value, 'PX', '60000'])));
    const got = await command(wire, ['GET', key]);
    if (got !== value) throw new ProbeFailure(`redis GET ${key}: expected ${value}, got ${JSON.stringify(got)}`);
    record(`GET ${key}`, 'the value set');
    const info = String(await command(wire, ['INFO']));
    record('INFO', /redis_version:(\S+)/.exec(info)?.[1] ?? `${info.length} bytes`);
    record(`DEL ${key}`, String(await command(wire, ['DEL', key])));
  } finally {
    wire.close();
  }
};

/** True if the port answers a RESP PING (a NOAUTH error is Redis too). */
export async function speaksRedis(at: Address, signal: AbortSignal): Promise<boolean> {
  const wire = await openWire(at, signal, 1500).catch(() => undefined);
  if (!wire) return false;
  try {
    wire.write(encodeCommand(['PING']));
    const reply = await readReply(wire);
    return reply === 'PONG' || (typeof reply === 'object' && reply !== null && 'error' in reply);
  } catch {
    return false;
  } finally {
    wire.close();
  }
}
