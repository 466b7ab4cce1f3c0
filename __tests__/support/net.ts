import * as net from 'net';

/** Loopback ports and waiting for the servers the integration tests start on them. */

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Whether something accepts a TCP connection on address:port. */
export function accepts(port: number, address: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, address, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/**
 * Polls `up` every 100 ms, 50 times at most (about five seconds), until it answers true. Gives up
 * quietly: the test that then talks to the server fails with the real error.
 */
export async function waitUntil(up: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await up()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
