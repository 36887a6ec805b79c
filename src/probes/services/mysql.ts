// The MySQL/MariaDB probe: the server's handshake (protocol 10), which names the server and version;
// logging in needs credentials a default probe does not have.
import { ProbeFailure } from '../types.js';
import type { ServiceSteps } from './service-probe.js';
import { openWire, type Address } from './wire.js';

/** Protocol version and server version from a Handshake v10 packet (3-byte length, sequence id, payload). */
export function parseGreeting(packet: Buffer): { protocol: number; server: string } | undefined {
  if (packet.length < 6 || packet.readUIntLE(0, 3) < 2) return undefined;
  const protocol = packet[4];
  const end = packet.indexOf(0, 5);
  if (protocol !== 10 || end < 0) return undefined;
  return { protocol, server: packet.subarray(5, end).toString('latin1') };
}

export const mysqlSteps: ServiceSteps = async (at, signal, record) => {
  const wire = await openWire(at, signal);
  try {
    const greeting = parseGreeting(await wire.peek(2000));
    if (!greeting) throw new ProbeFailure(`port ${at.port}: no MySQL handshake`);
    record('handshake', `protocol ${greeting.protocol}, server ${greeting.server}`);
  } finally {
    wire.close();
  }
};

export async function speaksMysql(at: Address, signal: AbortSignal): Promise<boolean> {
  const wire = await openWire(at, signal, 1500).catch(() => undefined);
  if (!wire) return false;
  try {
    return parseGreeting(await wire.peek(800)) !== undefined;
  } finally {
    wire.close();
  }
}
