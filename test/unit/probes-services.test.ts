// The service probes' wire code against small servers that speak each protocol as its documentation
// says (RESP, memcached text, the MySQL greeting, PostgreSQL v3 with trust and with a password).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memcachedSteps, speaksMemcached } from '../../src/probes/services/memcached.js';
import { mysqlSteps, parseGreeting, speaksMysql } from '../../src/probes/services/mysql.js';
import { postgresSteps, speaksPostgres } from '../../src/probes/services/postgres.js';
import { encodeCommand, redisSteps, speaksRedis } from '../../src/probes/services/redis.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function serve(onSocket: (socket: Socket) => void): Promise<number> {
  server = createServer(onSocket);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const signal = new AbortController().signal;
const local = (port: number) => ({ host: '127.0.0.1', port });
const recorder = () => {
  const steps: string[] = [];
  return { steps, record: (step: string, outcome: string) => steps.push(`${step} => ${outcome}`) };
};

/** A tiny Redis: parses RESP arrays of bulk strings, keeps a map. */
function fakeRedis(socket: Socket, password?: string): void {
  const store = new Map<string, string>();
  let pending = '';
  socket.on('data', (chunk) => {
    pending += chunk.toString();
    for (;;) {
      const m = /^\*(\d+)\r\n/.exec(pending);
      if (!m) return;
      let at = m[0].length;
      const args: string[] = [];
      for (let i = 0; i < Number(m[1]); i++) {
        const len = /^\$(\d+)\r\n/.exec(pending.slice(at));
        if (!len) return;
        at += len[0].length;
        args.push(pending.slice(at, at + Number(len[1])));
        at += Number(len[1]) + 2;
      }
      if (at > pending.length) return;
      pending = pending.slice(at);
      const [name, key = '', value = ''] = args;
      if (password) socket.write('-NOAUTH Authentication required.\r\n');
      else if (name === 'PING') socket.write('+PONG\r\n');
      else if (name === 'SET') socket.write((store.set(key, value), '+OK\r\n'));
      else if (name === 'GET') socket.write(store.has(key) ? `$${store.get(key)?.length}\r\n${store.get(key)}\r\n` : '$-1\r\n');
      else if (name === 'INFO') {
        const info = '# Server\r\nredis_version:7.0.15\r\n';
        socket.write(`$${info.length}\r\n${info}\r\n`);
      }
      else if (name === 'DEL') socket.write(`:${store.delete(key) ? 1 : 0}\r\n`);
    }
  });
}

describe('redis', () => {
  it('encodes commands as RESP arrays', () => {
    expect(encodeCommand(['SET', 'k', 'vä'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nvä\r\n');
  });

  it('PING, SET, GET, INFO, DEL; a password set stops after PING', async () => {
    const port = await serve((s) => fakeRedis(s));
    expect(await speaksRedis(local(port), signal)).toBe(true);
    const { steps, record } = recorder();
    await redisSteps(local(port), signal, record);
    expect(steps.map((s) => s.replace(/minify:probe:\w+/, 'KEY'))).toEqual(['PING => PONG', 'SET KEY PX 60000 => OK', 'GET KEY => the value set', 'INFO => 7.0.15', 'DEL KEY => 1']);
    server?.close();
    const locked = await serve((s) => fakeRedis(s, 'secret'));
    const second = recorder();
    await redisSteps(local(locked), signal, second.record);
    expect(second.steps).toEqual([expect.stringMatching(/^PING => NOAUTH .*a password is set/)]);
  });
});

describe('memcached', () => {
  it('version, set, get, delete', async () => {
    const store = new Map<string, string>();
    const port = await serve((socket) => {
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString();
        let m: RegExpExecArray | null;
        while ((m = /^(.*?)\r\n/.exec(pending))) {
          const [cmd, key = '', , , bytes] = (m[1] ?? '').split(' ');
          if (cmd === 'set') {
            const data = pending.slice(m[0].length, m[0].length + Number(bytes));
            if (pending.length < m[0].length + Number(bytes) + 2) return;
            store.set(key, data);
            pending = pending.slice(m[0].length + Number(bytes) + 2);
            socket.write('STORED\r\n');
            continue;
          }
          pending = pending.slice(m[0].length);
          if (cmd === 'version') socket.write('VERSION 1.6.18\r\n');
          else if (cmd === 'get') socket.write(store.has(key) ? `VALUE ${key} 0 ${store.get(key)?.length}\r\n${store.get(key)}\r\nEND\r\n` : 'END\r\n');
          else if (cmd === 'delete') socket.write(store.delete(key) ? 'DELETED\r\n' : 'NOT_FOUND\r\n');
          else socket.write('ERROR\r\n');
        }
      });
    });
    expect(await speaksMemcached(local(port), signal)).toBe(true);
    expect(await speaksRedis(local(port), signal)).toBe(false);
    const { steps, record } = recorder();
    await memcachedSteps(local(port), signal, record);
    expect(steps.map((s) => s.replace(/minify-probe-\w+/, 'KEY'))).toEqual(['version => VERSION 1.6.18', 'set KEY => STORED', 'get KEY => the value set', 'delete KEY => DELETED']);
  });
});

describe('mysql', () => {
  const greeting = (() => {
    const payload = Buffer.concat([Buffer.from([10]), Buffer.from('10.11.6-MariaDB\0'), Buffer.alloc(40)]);
    const head = Buffer.alloc(4);
    head.writeUIntLE(payload.length, 0, 3);
    return Buffer.concat([head, payload]);
  })();

  it('reads the server version from the handshake', async () => {
    expect(parseGreeting(greeting)).toEqual({ protocol: 10, server: '10.11.6-MariaDB' });
    expect(parseGreeting(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBeUndefined();
    const port = await serve((socket) => socket.write(greeting));
    expect(await speaksMysql(local(port), signal)).toBe(true);
    const { steps, record } = recorder();
    await mysqlSteps(local(port), signal, record);
    expect(steps).toEqual(['handshake => protocol 10, server 10.11.6-MariaDB']);
  });
});

describe('postgres', () => {
  const message = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type);
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };

  function fakePostgres(socket: Socket, auth: number): void {
    let started = false;
    socket.on('data', (chunk) => {
      if (chunk.length === 8 && chunk.readInt32BE(4) === 80877103) return void socket.write('N');
      if (!started) {
        started = true;
        socket.write(message('R', int32(auth)));
        if (auth === 0) socket.write(message('Z', Buffer.from('I')));
        return;
      }
      if (String.fromCharCode(chunk[0] ?? 0) === 'Q') {
        const value = Buffer.from('PostgreSQL 15.8');
        socket.write(Buffer.concat([
          message('T', Buffer.alloc(2)),
          message('D', Buffer.concat([Buffer.from([0, 1]), int32(value.length), value])),
          message('C', Buffer.from('SELECT 1\0')),
          message('Z', Buffer.from('I')),
        ]));
      }
    });
  }

  it('starts up with trust auth and runs a simple query', async () => {
    const port = await serve((s) => fakePostgres(s, 0));
    expect(await speaksPostgres(local(port), signal)).toBe(true);
    const { steps, record } = recorder();
    await postgresSteps(local(port), signal, record);
    expect(steps).toEqual(['startup as postgres => trust: ready for query', 'select version(), current_database(), now() => PostgreSQL 15.8']);
  });

  it('stops after the startup when the server asks for a password', async () => {
    const port = await serve((s) => fakePostgres(s, 10));
    const { steps, record } = recorder();
    await postgresSteps(local(port), signal, record);
    expect(steps).toEqual(['startup as postgres => the server asks for a password (auth method 10): startup only']);
  });
});
