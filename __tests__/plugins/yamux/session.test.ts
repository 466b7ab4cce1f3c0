import { createHash } from 'node:crypto';

import { YamuxSession, type YamuxStream } from '../../../src/plugins/yamux';
import { readAll, socketPair } from '../support';

/** Two Kiln sessions, client and server, over a loopback socket: streams, flow control, closing. */

jest.setTimeout(10_000);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('yamux session pair', () => {
  let client: YamuxSession;
  let server: YamuxSession;
  let close: () => void;

  beforeEach(async () => {
    const [a, b, c] = await socketPair();
    client = new YamuxSession(a, { role: 'client' });
    server = new YamuxSession(b, { role: 'server' });
    close = c;
  });
  afterEach(() => {
    client.close();
    server.close();
    close();
  });

  /** The server echoes every stream it accepts, reversed in nothing: bytes back as they came. */
  const echo = async (): Promise<void> => {
    for (;;) {
      let s: YamuxStream;
      try {
        s = await server.accept();
      } catch {
        return;
      }
      s.pipe(s);
    }
  };

  it('carries many streams at once, each several windows long, both ways', async () => {
    void echo();
    const payloads = Array.from({ length: 8 }, (_, i) =>
      Buffer.from(Array.from({ length: 700_000 + i * 1000 }, (_, j) => (j * 31 + i) & 0xff)),
    );
    const results = await Promise.all(
      payloads.map(async (p) => {
        const s = client.openStream();
        const back = readAll(s);
        s.end(p);
        return back;
      }),
    );
    expect(results.map(sha)).toEqual(payloads.map(sha));
    // Both halves closed everywhere: nothing left in either table.
    await new Promise((r) => setTimeout(r, 20));
    expect([client.streamCount, server.streamCount]).toEqual([0, 0]);
  });

  it('gives streams opened by the server even ids, accepted by the client', async () => {
    const s = server.openStream();
    s.end('from the plugin');
    const accepted = await client.accept();
    expect([s.id, accepted.id]).toEqual([2, 2]);
    expect((await readAll(accepted)).toString()).toBe('from the plugin');
  });

  it('stalls a writer while the reader does not read, without losing bytes', async () => {
    const s = client.openStream();
    const peer = await new Promise<YamuxStream>((resolve) => {
      void server.accept().then(resolve);
      s.write('x');
    });
    peer.pause();
    const big = Buffer.alloc(1_000_000, 9);
    let finished = false;
    s.end(big, () => (finished = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(finished).toBe(false);
    const all = await readAll(peer);
    expect(all.length).toBe(1 + big.length);
    expect(finished).toBe(true);
  });

  it('fails open streams and pending accepts when the connection drops', async () => {
    const s = client.openStream();
    const failed = new Promise<Error>((r) => s.once('error', r));
    const accepting = client.accept();
    close();
    expect((await failed).message).toMatch(/session shutdown/);
    await expect(accepting).rejects.toThrow(/session shutdown/);
    expect(() => client.openStream()).toThrow(/session shutdown/);
  });

  it('measures a ping round trip against a real peer', async () => {
    expect(await client.ping()).toBeLessThan(1000);
    expect(await server.ping()).toBeLessThan(1000);
  });
});
