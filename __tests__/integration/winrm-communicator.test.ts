import * as net from 'net';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable, Writable } from 'stream';

import type { WinRMCommunicator } from '../../src/communicators/winrm/communicator';
import { connectWinRM } from '../../src/communicators/winrm/connect';
import { CancelledError } from '../../src/engine/abort';
import { RemoteDisconnectedError } from '../../src/engine/types';
import type { WinRMSettings } from '../../src/schema/communicator-settings';
import { fakeUI } from '../support/engine-fakes';
import { freePort } from '../support/net';
import { tempDir } from '../support/temp';
import { type RunningPeer, describeWithWinRM, startNtlmFront, startWinRMServer } from '../support/winrm';

/**
 * The WinRM communicator against a real WS-Management peer on loopback: Debian's winrmtest (the
 * server Packer's WinRM tests use) in test-env/winrm-test-server, whose handlers keep uploaded
 * files in memory so transfers round-trip, behind Basic authentication, HTTPS, or the NTLMv2 front
 * (pyspnego's acceptor, refusing anything but NTLMv2). What this proves: Kiln speaks the protocol
 * as a WS-Management server reads it and authenticates as an NTLMv2 acceptor checks it; not that
 * a Windows machine runs the scripts (no Windows machine is available; the server recognises the
 * scripts Kiln writes, and winrmtest never returns standard error).
 */

const USER = 'packer';
const PASSWORD = 'Kiln-Test-Pw-1!';

function settings(peer: { host: string; port: number }, extra: Partial<WinRMSettings> = {}): WinRMSettings {
  return {
    host: peer.host,
    port: peer.port,
    username: USER,
    password: PASSWORD,
    timeoutMs: 20_000,
    retryIntervalMs: 5_000,
    connectTimeoutMs: 0,
    useSSL: false,
    insecure: false,
    useNTLM: false,
    noProxy: false,
    ...extra,
  };
}

const never = new AbortController().signal;

async function run(c: WinRMCommunicator, command: string): Promise<{ out: string; code: number }> {
  let out = '';
  const r = await c.start({ command, onStdout: (b) => void (out += b.toString('utf8')) }, never);
  return { out, code: r.exitStatus };
}

/** A deterministic pseudo-random stream made as it is read. */
function generated(size: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  let made = 0;
  let x = 12345;
  const piece = (n: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      b[i] = x >> 16;
    }
    return b;
  };
  // The hash is computed on a separate pass with the same generator.
  for (let done = 0; done < size; done += 65536) hash.update(piece(Math.min(65536, size - done)));
  x = 12345;
  const stream = new Readable({
    read() {
      if (made >= size) return void this.push(null);
      const n = Math.min(65536, size - made);
      made += n;
      this.push(piece(n));
    },
  });
  return { stream, sha256: hash.digest('hex') };
}

describeWithWinRM('the WinRM communicator against a WS-Management test server', () => {
  jest.setTimeout(60_000);

  describe('with Basic authentication', () => {
    let server: RunningPeer;
    let comm: WinRMCommunicator;
    const ui = fakeUI();
    beforeAll(async () => {
      server = await startWinRMServer({ user: USER, password: PASSWORD });
      comm = await connectWinRM(settings(server), ui, never);
    });
    afterAll(() => comm?.close());

    it("connects as Packer does: a shell opened and closed, then Packer's check, its words shown", () => {
      expect(ui.lines).toEqual([
        'say Waiting for WinRM to become available...',
        'message WinRM connected.',
        'say Connected to WinRM!',
      ]);
      expect(ui.secrets).toEqual([PASSWORD]);
      expect(server.log()).toMatch(/command: powershell\.exe -EncodedCommand /);
    });

    it('runs commands with their output and exit codes', async () => {
      expect(await run(comm, 'echo hello & world')).toEqual({ out: 'hello & world\r\n', code: 0 });
      expect(await run(comm, 'exit /b 3')).toEqual({ out: '', code: 3 });
      const unknown = await run(comm, 'frobnicate --now');
      expect(unknown.code).toBe(1);
      expect(unknown.out).toContain("'frobnicate' is not recognized as an internal or external command");
    });

    it('uploads a multi-MiB file in chunks and downloads it back byte for byte', async () => {
      const size = 5 * 1024 * 1024 + 17;
      const source = generated(size);
      const started = Date.now();
      await comm.upload('C:/Windows/Temp/kiln/big.bin', source.stream, {}, never);
      const uploadMs = Date.now() - started;
      expect(await run(comm, 'kiln-test-sha256 C:\\Windows\\Temp\\kiln\\big.bin')).toEqual({
        out: `${size} ${source.sha256}\r\n`,
        code: 0,
      });
      // No temporary file is left behind.
      expect((await run(comm, 'kiln-test-ls')).out).not.toContain('winrmcp-');

      const hash = createHash('sha256');
      let bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _e, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done();
        },
      });
      const downloadStarted = Date.now();
      await comm.download('C:\\Windows\\Temp\\kiln\\big.bin', sink, never);
      process.stderr.write(
        `winrm: 5 MiB uploaded in ${uploadMs} ms, downloaded in ${Date.now() - downloadStarted} ms\n`,
      );
      expect(bytes).toBe(size);
      expect(hash.digest('hex')).toBe(source.sha256);
    });

    it('uploads empty files, paths with spaces and quotes, and refuses a directory in the way', async () => {
      await comm.upload("C:/Program Files/It's here/empty.txt", Readable.from([]), {}, never);
      expect((await run(comm, "kiln-test-sha256 C:\\Program Files\\It's here\\empty.txt")).out).toBe(
        '0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n',
      );
      await expect(
        comm.upload('C:/Program Files', Readable.from([Buffer.from('x')]), {}, never),
      ).rejects.toThrow(
        /^Error restoring file from \$env:TEMP\\winrmcp-[0-9a-f-]+\.tmp to C:\\Program Files: restore operation returned code=1$/,
      );
    });

    it("uploads directories by Packer's trailing-slash rule, skipping excluded names", async () => {
      const dir = tempDir('kiln-winrm-tree-');
      fs.mkdirSync(path.join(dir, 'tree/sub/deeper'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'tree/.git'));
      fs.writeFileSync(path.join(dir, 'tree/a.txt'), 'a\n');
      fs.writeFileSync(path.join(dir, 'tree/sub/b.txt'), 'b\n');
      fs.writeFileSync(path.join(dir, 'tree/sub/deeper/c.txt'), 'c\n');
      fs.writeFileSync(path.join(dir, 'tree/.git/HEAD'), 'ref\n');
      await comm.uploadDir('C:\\dst1', path.join(dir, 'tree'), ['.git'], never);
      await comm.uploadDir('C:\\dst2\\', `${path.join(dir, 'tree')}/`, [], never);
      const listed = (await run(comm, 'kiln-test-ls')).out.split('\r\n').filter((l) => /^C:\\dst/.test(l));
      expect(listed).toEqual([
        'C:\\dst1\\tree\\a.txt',
        'C:\\dst1\\tree\\sub\\b.txt',
        'C:\\dst1\\tree\\sub\\deeper\\c.txt',
        'C:\\dst2\\.git\\HEAD',
        'C:\\dst2\\a.txt',
        'C:\\dst2\\sub\\b.txt',
        'C:\\dst2\\sub\\deeper\\c.txt',
      ]);
      const sink = new PassThrough();
      const got: Buffer[] = [];
      sink.on('data', (c: Buffer) => got.push(c));
      await comm.download('C:/dst1/tree/sub/deeper/c.txt', sink, never);
      expect(Buffer.concat(got).toString()).toBe('c\n');
    });

    it('fails a download of a missing file with what the server said, and refuses directory downloads', async () => {
      await expect(comm.download('C:\\nowhere.txt', new PassThrough(), never)).rejects.toThrow(
        /^Error downloading C:\\nowhere\.txt: exit code 1: Exception calling "Open"/,
      );
      await expect(comm.downloadDir()).rejects.toThrow("WinRM doesn't support download dir.");
    });

    it('cancels a running command at once', async () => {
      const ac = new AbortController();
      const started = Date.now();
      const running = comm.start({ command: 'kiln-test-sleep 10000' }, ac.signal);
      setTimeout(() => ac.abort(), 300);
      await expect(running).rejects.toBeInstanceOf(CancelledError);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  it('reports a server that goes away during a command as a disconnection', async () => {
    const server = await startWinRMServer({ user: USER, password: PASSWORD });
    const comm = await connectWinRM(settings(server), fakeUI(), never);
    try {
      const running = comm.start({ command: 'kiln-test-sleep 5000' }, never);
      setTimeout(() => void server.stop(), 500);
      await expect(running).rejects.toBeInstanceOf(RemoteDisconnectedError);
    } finally {
      await comm.close();
    }
  });

  it('waits for a server that is not up yet, then connects', async () => {
    const port = await freePort();
    const ui = fakeUI();
    const connecting = connectWinRM(settings({ host: '127.0.0.1', port }), ui, never);
    await new Promise((r) => setTimeout(r, 1_500));
    const server = await startWinRMServer({ user: USER, password: PASSWORD, port });
    const comm = await connecting;
    try {
      expect(ui.said).toEqual(['Waiting for WinRM to become available...', 'Connected to WinRM!']);
      expect((await run(comm, 'echo up')).out).toBe('up\r\n');
    } finally {
      await comm.close();
      await server.stop();
    }
  });

  it('gives up after winrm_timeout, naming the last failure', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(
      connectWinRM(settings({ host: '127.0.0.1', port }, { timeoutMs: 1_500 }), fakeUI(), never),
    ).rejects.toThrow(
      `Timeout waiting for WinRM. Last error: unknown error Post "http://127.0.0.1:${port}/wsman": connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(4_000);
  });

  /** A port that accepts connections and then does what `onSocket` says; counts them. */
  async function listener(
    onSocket: (s: net.Socket) => void,
  ): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
    let count = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      count++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      onSocket(socket);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      port: (server.address() as net.AddressInfo).port,
      connections: () => count,
      close: () => {
        for (const s of sockets) s.destroy();
        return new Promise<void>((r) => server.close(() => r()));
      },
    };
  }

  it('gives up an attempt that hangs after winrm_connect_timeout and tries again; without it, one attempt waits', async () => {
    const hung = await listener(() => undefined);
    try {
      await expect(
        connectWinRM(
          settings(
            { host: '127.0.0.1', port: hung.port },
            { timeoutMs: 2_500, connectTimeoutMs: 400, retryIntervalMs: 200 },
          ),
          fakeUI(),
          never,
        ),
      ).rejects.toThrow('Timeout waiting for WinRM. Last error: ');
      expect(hung.connections()).toBeGreaterThanOrEqual(3);
      const before = hung.connections();
      await expect(
        connectWinRM(settings({ host: '127.0.0.1', port: hung.port }, { timeoutMs: 1_500 }), fakeUI(), never),
      ).rejects.toThrow('Timeout waiting for WinRM. Last error: i/o timeout');
      expect(hung.connections() - before).toBe(1);
    } finally {
      await hung.close();
    }
  });

  it('pauses between attempts no longer than winrm_retry_interval', async () => {
    const dropping = await listener((s) => s.destroy());
    try {
      const attempts = async (retryIntervalMs: number): Promise<number> => {
        const before = dropping.connections();
        await expect(
          connectWinRM(
            settings({ host: '127.0.0.1', port: dropping.port }, { timeoutMs: 1_600, retryIntervalMs }),
            fakeUI(),
            never,
          ),
        ).rejects.toThrow('Timeout waiting for WinRM');
        return dropping.connections() - before;
      };
      // Pauses of 0.5 s, then 1 s (the default's growth) against 0.1 s each.
      expect(await attempts(5_000)).toBeLessThanOrEqual(4);
      expect(await attempts(100)).toBeGreaterThanOrEqual(8);
    } finally {
      await dropping.close();
    }
  });

  it('stops waiting when the build is cancelled', async () => {
    const port = await freePort();
    const ac = new AbortController();
    const connecting = connectWinRM(settings({ host: '127.0.0.1', port }), fakeUI(), ac.signal);
    setTimeout(() => ac.abort(), 700);
    await expect(connecting).rejects.toBeInstanceOf(CancelledError);
  });

  it('reports a refused password as an authentication failure (Basic)', async () => {
    const server = await startWinRMServer({ user: USER, password: 'another' });
    try {
      await expect(connectWinRM(settings(server, { timeoutMs: 1_000 }), fakeUI(), never)).rejects.toThrow(
        'Timeout waiting for WinRM. Last error: http response error: 401 - invalid content type (the WinRM server refused the credentials of winrm_username "packer": check winrm_username and winrm_password, and that the server allows Basic authentication (or set winrm_use_ntlm = true))',
      );
    } finally {
      await server.stop();
    }
  });

  describe('over HTTPS', () => {
    let server: RunningPeer;
    beforeAll(async () => {
      server = await startWinRMServer({ user: USER, password: PASSWORD, tls: true });
    });

    it('connects to a self-signed server with winrm_insecure', async () => {
      const comm = await connectWinRM(settings(server, { useSSL: true, insecure: true }), fakeUI(), never);
      try {
        expect((await run(comm, 'echo secure')).out).toBe('secure\r\n');
      } finally {
        await comm.close();
      }
    });

    it("checks the server's certificate without it", async () => {
      await expect(
        connectWinRM(settings(server, { useSSL: true, timeoutMs: 1_000 }), fakeUI(), never),
      ).rejects.toThrow(
        /^Timeout waiting for WinRM\. Last error: unknown error Post "https:\/\/127\.0\.0\.1:\d+\/wsman": self[- ]signed certificate/,
      );
    });
  });

  describe('with NTLMv2 (winrm_use_ntlm)', () => {
    let backend: RunningPeer;
    let front: RunningPeer;
    beforeAll(async () => {
      backend = await startWinRMServer();
      front = await startNtlmFront(backend, USER, PASSWORD);
    });

    it('authenticates once per connection and keeps it for every request', async () => {
      const ui = fakeUI();
      const comm = await connectWinRM(settings(front, { useNTLM: true }), ui, never);
      try {
        expect(ui.said).toEqual(['Waiting for WinRM to become available...', 'Connected to WinRM!']);
        expect(await run(comm, 'echo over ntlm')).toEqual({ out: 'over ntlm\r\n', code: 0 });
        const source = generated(300 * 1024);
        await comm.upload('C:\\ntlm.bin', source.stream, {}, never);
        expect((await run(comm, 'kiln-test-sha256 C:\\ntlm.bin')).out).toBe(
          `${300 * 1024} ${source.sha256}\r\n`,
        );
      } finally {
        await comm.close();
      }
      // Dozens of requests went over one authenticated connection: the acceptor checked one
      // NTLMv2 response (a longer NT response than NTLMv1's 24 bytes).
      const authentications = front.log().match(/^ntlm: authenticated .*$/gm) ?? [];
      expect(authentications).toHaveLength(1);
      expect(authentications[0]).toMatch(
        new RegExp(`^ntlm: authenticated ${USER} \\(NTLMv2, \\d+ bytes\\)$`),
      );
    });

    it('is refused with a wrong password, which the acceptor rejected', async () => {
      await expect(
        connectWinRM(
          settings(front, { useNTLM: true, password: 'wrong', timeoutMs: 1_000 }),
          fakeUI(),
          never,
        ),
      ).rejects.toThrow(
        'Timeout waiting for WinRM. Last error: http response error: 401 - invalid content type (the WinRM server refused the credentials of winrm_username "packer": check winrm_username and winrm_password)',
      );
      expect(front.log()).toMatch(/^ntlm: refused: /m);
    });

    it('is refused by an NTLM server when Basic is sent', async () => {
      await expect(connectWinRM(settings(front, { timeoutMs: 800 }), fakeUI(), never)).rejects.toThrow(
        /Last error: http response error: 401 - invalid content type/,
      );
    });
  });
});
