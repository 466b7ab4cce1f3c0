import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';

import { CancelledError } from '../../src/engine/abort';
import { connectSession, type SshSession } from '../support/ssh/session';
import { sshSettings } from '../support/ssh/settings';
import { describeSsh, useSshd } from '../support/ssh/sshd';

/**
 * The scp transfer method (Packer's default) against real sshds: one without an sftp subsystem, as
 * on minimal images, where scp works and SFTP fails plainly; trees with Packer's trailing-slash
 * rules, modes and empty directories; the remote scp's own errors; cancellation mid-transfer.
 */

const never = new AbortController().signal;

function collect(): { sink: Writable; data: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { sink, data: () => Buffer.concat(chunks) };
}

const mode = (p: string): number => fs.statSync(p).mode & 0o777;

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-scp-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describeSsh('scp transfers with an sshd that has no sftp subsystem', () => {
  jest.setTimeout(60_000);
  const sshd = useSshd({ sftp: false });

  it('uploads and downloads with scp, and SFTP fails saying why', async () => {
    const scp = await connectSession(sshSettings(sshd, { privateKeyFile: sshd.key }));
    const sftp = await connectSession(
      sshSettings(sshd, { privateKeyFile: sshd.key, fileTransferMethod: 'sftp' }),
    );
    try {
      const data = crypto.randomBytes(300_000);
      const remote = path.join(work, 'up.bin');
      await scp.upload(remote, Readable.from([data]), { mode: 0o640, size: data.length }, never);
      expect(fs.readFileSync(remote).equals(data)).toBe(true);
      expect(mode(remote)).toBe(0o640);
      const { sink, data: got } = collect();
      await scp.download(remote, sink, never);
      expect(got().equals(data)).toBe(true);
      await expect(
        sftp.upload(path.join(work, 'x'), Readable.from([data]), { size: data.length }, never),
      ).rejects.toThrow(/SFTP is not available on the remote machine.*ssh_file_transfer_method = "scp"/s);
    } finally {
      await scp.close();
      await sftp.close();
    }
  });
});

describeSsh('scp transfers', () => {
  jest.setTimeout(60_000);
  const sshd = useSshd();
  let comm: SshSession;
  beforeAll(async () => {
    comm = await connectSession(sshSettings(sshd, { privateKeyFile: sshd.key, fileTransferMethod: 'scp' }));
  });
  afterAll(() => comm?.close());

  it('uploads a source of unknown size (held, or spooled past 1 MiB) with its mode', async () => {
    for (const size of [0, 5000, 3 * 1024 * 1024 + 1]) {
      const data = crypto.randomBytes(size);
      const chunks = Array.from({ length: Math.ceil(size / 65536) }, (_, i) =>
        data.subarray(i * 65536, (i + 1) * 65536),
      );
      const remote = path.join(work, `unknown ${size}.bin`);
      await comm.upload(remote, Readable.from(chunks), { mode: 0o751 }, never);
      expect(fs.readFileSync(remote).equals(data)).toBe(true);
      expect(mode(remote)).toBe(0o751);
    }
  });

  it('follows the trailing-slash rules both ways, with modes and empty directories', async () => {
    const tree = path.join(work, 'tree');
    fs.mkdirSync(path.join(tree, 'sub', 'empty'), { recursive: true });
    fs.mkdirSync(path.join(tree, 'skip'));
    fs.writeFileSync(path.join(tree, 'run.sh'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(tree, 'sub', 'secret'), 's');
    fs.writeFileSync(path.join(tree, 'skip', 'x'), 'x');
    fs.writeFileSync(path.join(tree, 'big'), crypto.randomBytes(700_000));
    fs.chmodSync(path.join(tree, 'run.sh'), 0o755);
    fs.chmodSync(path.join(tree, 'sub', 'secret'), 0o600);
    const remote = path.join(work, 'remote');
    await comm.uploadDir(path.join(remote, 'into'), tree, ['skip'], never);
    await comm.uploadDir(path.join(remote, 'contents'), `${tree}/`, [], never);
    expect(mode(path.join(remote, 'into/tree/run.sh'))).toBe(0o755);
    expect(mode(path.join(remote, 'into/tree/sub/secret'))).toBe(0o600);
    expect(fs.statSync(path.join(remote, 'into/tree/sub/empty')).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(remote, 'into/tree/skip'))).toBe(false);
    expect(
      fs.readFileSync(path.join(remote, 'contents/big')).equals(fs.readFileSync(path.join(tree, 'big'))),
    ).toBe(true);
    expect(fs.existsSync(path.join(remote, 'contents/tree'))).toBe(false);
    expect(fs.existsSync(path.join(remote, 'contents/skip/x'))).toBe(true);

    const back = path.join(work, 'back');
    await comm.downloadDir(path.join(remote, 'contents'), back, ['skip'], never);
    await comm.downloadDir(`${path.join(remote, 'contents')}/`, path.join(back, 'flat'), [], never);
    expect(mode(path.join(back, 'contents/run.sh'))).toBe(0o755);
    expect(mode(path.join(back, 'contents/sub/secret'))).toBe(0o600);
    expect(fs.statSync(path.join(back, 'contents/sub/empty')).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(back, 'contents/skip'))).toBe(false);
    expect(
      fs.readFileSync(path.join(back, 'contents/big')).equals(fs.readFileSync(path.join(tree, 'big'))),
    ).toBe(true);
    expect(fs.readFileSync(path.join(back, 'flat/skip/x'), 'utf8')).toBe('x');
    expect(fs.existsSync(path.join(back, 'flat/contents'))).toBe(false);
  });

  it("reports the remote scp's own message for a missing path", async () => {
    const { sink } = collect();
    const missing = path.join(work, 'nope');
    await expect(comm.download(missing, sink, never)).rejects.toThrow(
      `scp: ${missing}: No such file or directory`,
    );
    await expect(comm.downloadDir(`${missing}/`, path.join(work, 'b'), [], never)).rejects.toThrow(
      /No such file or directory/,
    );
  });

  it('stops an upload and a download when cancelled mid-transfer', async () => {
    const up = new AbortController();
    let sent = 0;
    const endless = new Readable({
      read() {
        sent++;
        if (sent === 20) up.abort();
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    await expect(
      comm.upload(path.join(work, 'endless'), endless, { size: 1024 * 1024 * 1024 }, up.signal),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(sent).toBeLessThan(200);

    const remote = path.join(work, 'big.bin');
    fs.writeFileSync(remote, crypto.randomBytes(8 * 1024 * 1024));
    const down = new AbortController();
    let received = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (received > 1024 * 1024) down.abort();
        cb();
      },
    });
    await expect(comm.download(remote, sink, down.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(received).toBeLessThan(8 * 1024 * 1024);
    // The connection is still usable afterwards.
    const { sink: again, data } = collect();
    await comm.download(remote, again, never);
    expect(data().length).toBe(8 * 1024 * 1024);
  });
});
