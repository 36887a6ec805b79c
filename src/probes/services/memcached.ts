// The memcached probe over its text protocol: version, set (with an expiry), get, delete.
import { randomBytes } from 'node:crypto';
import { ProbeFailure } from '../types.js';
import type { ServiceSteps } from './service-probe.js';
import { openWire, type Address } from './wire.js';

export const memcachedSteps: ServiceSteps = async (at, signal, record) => {
  const wire = await openWire(at, signal);
  try {
    wire.write('version\r\n');
    record('version', await wire.line());
    const key = `minify-probe-${randomBytes(4).toString('hex')}`;
    const value = randomBytes(8).toString('hex');
    wire.write(`set ${key} 0 60 ${value.length}\r\n${value}\r\n`);
    const stored = await wire.line();
    if (stored !== 'STORED') throw new ProbeFailure(`memcached set ${key}: ${stored}`);
    record(`set ${key}`, stored);
    wire.write(`get ${key}\r\n`);
    const header = await wire.line();
    const got = header.startsWith('VALUE ') ? await wire.line() : undefined;
    if (got !== value) throw new ProbeFailure(`memcached get ${key}: ${header}`);
    await wire.line(); // END
    record(`get ${key}`, 'the value set');
    wire.write(`delete ${key}\r\n`);
    record(`delete ${key}`, await wire.line());
  } finally {
    wire.close();
  }
};

export async function speaksMemcached(at: Address, signal: AbortSignal): Promise<boolean> {
  const wire = await openWire(at, signal, 1500).catch(() => undefined);
  if (!wire) return false;
  try {
    wire.write('version\r\n');
    return /^VERSION /.test(await wire.line());
  } catch {
    return false;
  } finally {
    wire.close();
  }
}
