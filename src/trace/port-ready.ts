// One readiness check of a published TCP port. Docker's userland proxy accepts connections even when
// nothing listens inside, then closes them, so "accepted" alone is not an answer.
import { connect } from 'node:net';

/** True if the port accepted a connection that sent data or stayed open for `holdMs`. */
export function portAnswers(port: number, holdMs = 300, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let connected = false;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(connected), holdMs + 2000);
    socket.once('connect', () => {
      connected = true;
      clearTimeout(timer);
      setTimeout(() => finish(!socket.destroyed && !socket.readableEnded), holdMs);
    });
    socket.once('data', () => finish(true));
    socket.once('end', () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}
