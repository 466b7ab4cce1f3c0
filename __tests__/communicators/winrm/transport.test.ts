import * as http from 'http';
import type { AddressInfo, Socket } from 'net';

import { WinRMHttpError, WinRMTransport, splitNtlmUser } from '../../../src/communicators/winrm/transport';

/**
 * The HTTP side against a scripted server on loopback: what each request carries, on which
 * connection, and how answers become errors. (That the NTLM messages satisfy a real NTLMv2
 * acceptor is proven by the integration tests against pyspnego.)
 */

interface Seen {
  readonly authorization?: string;
  readonly socket: number;
  readonly body: string;
}

type Reply = (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void;

async function serve(reply: Reply): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const sockets = new Map<Socket, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const socket = req.socket;
      if (!sockets.has(socket)) sockets.set(socket, sockets.size + 1);
      const s: Seen = {
        authorization: req.headers.authorization,
        socket: sockets.get(socket) as number,
        body,
      };
      seen.push(s);
      reply(req, res, s);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const soap = (res: http.ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'Content-Type': 'application/soap+xml;charset=UTF-8' });
  res.end(body);
};

/** A CHALLENGE message offering NTLMv2 (extended session security, target info). */
function challenge(): string {
  const info = Buffer.from([0x02, 0x00, 0x04, 0x00, 0x57, 0x00, 0x49, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const b = Buffer.alloc(48 + info.length);
  b.write('NTLMSSP\0', 0, 'ascii');
  b.writeUInt32LE(2, 8);
  b.writeUInt32LE(0x00080000 | 0x00800000 | 0x00000001 | 0x00000200, 20); // NTLM2 key, target info, unicode, NTLM
  Buffer.from('0123456789abcdef', 'hex').copy(b, 24);
  b.writeUInt16LE(info.length, 40);
  b.writeUInt16LE(info.length, 42);
  b.writeUInt32LE(48, 44);
  info.copy(b, 48);
  return b.toString('base64');
}

const endpoint = {
  host: '127.0.0.1',
  https: false,
  insecure: false,
  username: 'WORK\\packer',
  password: 'pw',
};

describe('the WinRM transport', () => {
  it('sends Basic credentials with every request and the SOAP content type', async () => {
    const server = await serve((_req, res) => soap(res, 200, '<ok/>'));
    const t = new WinRMTransport({ ...endpoint, port: server.port, ntlm: false });
    try {
      expect(await t.post('<e/>')).toBe('<ok/>');
      expect(server.seen).toEqual([
        {
          authorization: `Basic ${Buffer.from('WORK\\packer:pw').toString('base64')}`,
          socket: 1,
          body: '<e/>',
        },
      ]);
    } finally {
      t.close();
      await server.close();
    }
  });

  it('words failures as masterzen/winrm: a refused login, then a SOAP fault with its reason', async () => {
    const server = await serve((req, res, seen) => {
      if (seen.body === 'login') {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="WSMAN"', 'Content-Length': 0 });
        return void res.end();
      }
      soap(
        res,
        500,
        '<s:Envelope><s:Body><s:Fault><s:Code><s:Subcode><s:Value>w:InvalidSelectors</s:Value></s:Subcode></s:Code><s:Reason><s:Text>The shell was not found.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>',
      );
    });
    const t = new WinRMTransport({ ...endpoint, port: server.port, ntlm: false });
    try {
      await expect(t.post('login')).rejects.toThrow(
        new WinRMHttpError(401, '', undefined, 'http response error: 401 - invalid content type'),
      );
      const fault = await t.post('x').catch((e: unknown) => e);
      expect(fault).toBeInstanceOf(WinRMHttpError);
      expect((fault as WinRMHttpError).message).toBe(
        'http error 500: InvalidSelectors: The shell was not found.',
      );
      expect((fault as WinRMHttpError).fault?.subcode).toBe('InvalidSelectors');
    } finally {
      t.close();
      await server.close();
    }
  });

  it('runs the NTLM exchange on one connection, in the scheme offered, and reuses the authenticated connection', async () => {
    const authenticated = new Set<number>();
    const server = await serve((_req, res, seen) => {
      if (authenticated.has(seen.socket)) return soap(res, 200, '<ok/>');
      const token = /^NTLM (\S+)$/.exec(seen.authorization ?? '')?.[1];
      const type = token === undefined ? 0 : Buffer.from(token, 'base64').readUInt32LE(8);
      if (type === 3) {
        authenticated.add(seen.socket);
        return soap(res, 200, '<ok/>');
      }
      res.writeHead(401, {
        'WWW-Authenticate': type === 1 ? `NTLM ${challenge()}` : 'NTLM',
        'Content-Length': 0,
      });
      res.end();
    });
    const t = new WinRMTransport({ ...endpoint, port: server.port, ntlm: true });
    try {
      expect(await t.post('first')).toBe('<ok/>');
      expect(await t.post('second')).toBe('<ok/>');
      const kinds = server.seen.map((s) => {
        const token = /^NTLM (\S+)$/.exec(s.authorization ?? '')?.[1];
        return [
          s.body,
          s.socket,
          token === undefined ? 'anonymous' : Buffer.from(token, 'base64').readUInt32LE(8),
        ];
      });
      expect(kinds).toEqual([
        ['first', 1, 'anonymous'],
        ['first', 1, 1],
        ['first', 1, 3],
        ['second', 1, 'anonymous'],
      ]);
      // The AUTHENTICATE message names the user and domain as go-ntlmssp splits `WORK\packer`.
      const type3 = Buffer.from((server.seen[2].authorization as string).slice(5), 'base64');
      const field = (at: number): string =>
        type3
          .subarray(type3.readUInt32LE(at + 4), type3.readUInt32LE(at + 4) + type3.readUInt16LE(at))
          .toString('utf16le');
      expect([field(28), field(36)]).toEqual(['WORK', 'packer']);
      // An NTLMv2 response: longer than NTLMv1's 24 bytes.
      expect(type3.readUInt16LE(20)).toBeGreaterThan(24);
    } finally {
      t.close();
      await server.close();
    }
  });

  it('splits user names as go-ntlmssp does', () => {
    expect(splitNtlmUser('DOM\\user')).toEqual({ user: 'user', domain: 'DOM' });
    expect(splitNtlmUser('user@dom.example')).toEqual({ user: 'user@dom.example', domain: '' });
    expect(splitNtlmUser('Administrator')).toEqual({ user: 'Administrator', domain: '' });
  });
});
