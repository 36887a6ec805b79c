// The PostgreSQL probe over the wire protocol (v3): startup as user postgres, and with trust auth a
// simple query; a server that asks for a password gets the startup only.
import { ProbeFailure } from '../types.js';
import type { ServiceSteps } from './service-probe.js';
import { openWire, type Address, type Wire } from './wire.js';

const QUERY = 'select version(), current_database(), now()';

function startupMessage(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0minify-probe\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(196608, 4); // protocol 3.0
  return Buffer.concat([head, params]);
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

async function readMessage(wire: Wire): Promise<{ type: string; body: Buffer }> {
  const head = await wire.take(5);
  const type = String.fromCharCode(head[0] ?? 0);
  return { type, body: await wire.take(head.readInt32BE(1) - 4) };
}

/** The human part of an ErrorResponse: its M field. */
function errorText(body: Buffer): string {
  for (const field of body.toString('utf8').split('\0')) if (field.startsWith('M')) return field.slice(1);
  return 'error';
}

async function untilReady(wire: Wire): Promise<'ready' | { auth: number }> {
  for (;;) {
    const { type, body } = await readMessage(wire);
    if (type === 'E') throw new ProbeFailure(`postgres: ${errorText(body)}`);
    if (type === 'R' && body.readInt32BE(0) !== 0) return { auth: body.readInt32BE(0) };
    if (type === 'Z') return 'ready';
  }
}

export const postgresSteps: ServiceSteps = async (at, signal, record) => {
  const wire = await openWire(at, signal);
  try {
    wire.write(startupMessage('postgres', 'postgres'));
    const state = await untilReady(wire);
    if (state !== 'ready') {
      record('startup as postgres', `the server asks for a password (auth method ${state.auth}): startup only`);
      return;
    }
    record('startup as postgres', 'trust: ready for query');
    wire.write(message('Q', Buffer.from(`${QUERY}\0`)));
    let row: string[] = [];
    for (;;) {
      const { type, body } = await readMessage(wire);
      if (type === 'E') throw new ProbeFailure(`postgres ${QUERY}: ${errorText(body)}`);
      if (type === 'D') row = dataRow(body);
      if (type === 'Z') break;
    }
    record(QUERY, row[0] ?? 'no row');
    wire.write(message('X', Buffer.alloc(0)));
  } finally {
    wire.close();
  }
};

function dataRow(body: Buffer): string[] {
  const columns = body.readInt16BE(0);
  const values: string[] = [];
  let at = 2;
  for (let i = 0; i < columns; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    if (length < 0) values.push('NULL');
    else {
      values.push(body.subarray(at, at + length).toString('utf8'));
      at += length;
    }
  }
  return values;
}

/** True if the port answers a PostgreSQL SSLRequest with the one byte S or N. */
export async function speaksPostgres(at: Address, signal: AbortSignal): Promise<boolean> {
  const wire = await openWire(at, signal, 1500).catch(() => undefined);
  if (!wire) return false;
  try {
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    wire.write(request);
    const answer = await wire.peek(500);
    return answer.length === 1 && (answer[0] === 0x53 || answer[0] === 0x4e);
  } finally {
    wire.close();
  }
}
