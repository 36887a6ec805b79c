// A minimal RESP2 client over node:net for the redis check: one command at a time, replies parsed
// into strings, integers, null, arrays, or a thrown `-ERR …`.
import { createConnection, type Socket } from 'node:net';

export type Reply = string | number | null | Reply[];

export class RespClient {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private closed: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    const end = (error?: Error) => {
      this.closed = error ?? new Error('connection closed');
      this.waiting?.();
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static connect(port: number, timeoutMs = 5_000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      socket.once('connect', () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  async command(...args: string[]): Promise<Reply> {
    this.socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (parsed) {
        this.buffer = this.buffer.subarray(parsed.end);
        if (parsed.value instanceof Error) throw parsed.value;
        return parsed.value;
      }
      if (this.closed) throw this.closed;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

function parse(buf: Buffer, at: number): { value: Reply | Error; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at] ?? 0)) {
    case '+': return { value: line, end: next };
    case '-': return { value: new Error(line), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buf.length < next + length + 2) return undefined;
      return { value: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        if (item.value instanceof Error) return item;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default: return { value: new Error(`unexpected reply byte ${buf[at]}`), end: buf.length };
  }
}
