import * as http from 'http';
import type { AddressInfo } from 'net';

import { InterruptedError, UnreachableError, createHttpClient } from '../../../src/plugins/install/http';

/**
 * The install client's AbortSignal (Ctrl-C, issue 17), against a loopback server that sends part
 * of a body and then nothing: an abort ends the request at once with an InterruptedError and
 * closes the connection; a request after the abort is never sent.
 */

describe('aborting the plugin install HTTP client', () => {
  let server: http.Server;
  let base: string;
  const requests: string[] = [];
  const closed: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      req.socket.on('close', () => closed.push(req.url ?? ''));
      if (req.url === '/whole') {
        res.end('all of it');
        return;
      }
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(100)); // and never the rest
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  beforeEach(() => {
    requests.length = 0;
    closed.length = 0;
  });

  it('ends a stalled download at once with InterruptedError and drops the connection', async () => {
    const cancel = new AbortController();
    const client = createHttpClient({ env: {}, userAgent: 't', signal: cancel.signal });
    try {
      const pending = client.get(`${base}/stalled`);
      for (let i = 0; i < 100 && requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      const t0 = Date.now();
      cancel.abort();
      await expect(pending).rejects.toBeInstanceOf(InterruptedError);
      expect(Date.now() - t0).toBeLessThan(500);
      for (let i = 0; i < 100 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(closed).toEqual(['/stalled']);

      // After the abort nothing more is sent.
      await expect(client.get(`${base}/whole`)).rejects.toBeInstanceOf(InterruptedError);
      expect(requests).toEqual(['/stalled']);
    } finally {
      client.close();
    }
  });

  it('a request signal works beside the client one; a connection cut without an abort is UnreachableError', async () => {
    const client = createHttpClient({ env: {}, userAgent: 't', signal: new AbortController().signal });
    try {
      expect((await client.get(`${base}/whole`)).body.toString()).toBe('all of it');
      const mine = new AbortController();
      const pending = client.get(`${base}/stalled`, { signal: mine.signal });
      for (let i = 0; i < 100 && requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      mine.abort();
      await expect(pending).rejects.toBeInstanceOf(InterruptedError);

      const cut = client.get(`${base}/stalled`);
      for (let i = 0; i < 100 && requests.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      server.closeAllConnections();
      await expect(cut).rejects.toBeInstanceOf(UnreachableError);
    } finally {
      client.close();
    }
  });
});
