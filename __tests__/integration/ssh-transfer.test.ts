import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';

import { CancelledError } from '../../src/engine/abort';
import { connectSession, type SshSession } from '../support/ssh/session';
import { sshSettings } from '../support/ssh/settings';
import { describeSsh, useSshd } from '../support/ssh/sshd';

/**
 * SSH file transfers through the communicator itself, against a real sshd on loopback (the guest's
 * files are this machine's). Speed is checked as a ratio, download against upload of the same data
 * in the same test, so a slow machine does not fail it but a download that waits for each chunk
 * (or each file) before asking for the next does.
 */

/** Generous: on loopback a download takes about as long as an upload; one chunk at a time was 25-70×. */
const MAX_RATIO = 6;
/** Times under this are noise (timer, GC) rather than transfer; the ratio uses at least this much. */
const FLOOR_S = 0.15;

async function secondsOf(run: () => Promise<void>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return Math.max(best, FLOOR_S);
}

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

// As dist/ ships ssh2: without its native crypto addon (built only on the machine that ran npm), whose
// absence changes how packets reach the socket (several writes each: see connect.ts).
jest.mock('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node', () => {
  throw new Error('no native addon, as in dist/');
});

// Both transfer methods: scp (the default, as Packer's) and sftp.
for (const method of ['scp', 'sftp'] as const) {
  describeSsh(`SSH file transfers (${method})`, () => {
    jest.setTimeout(120_000);
    const sshd = useSshd();
    let comm: SshSession;
    let work: string;
    const signal = new AbortController().signal;

    beforeAll(async () => {
      comm = await connectSession(
        sshSettings(sshd, { privateKeyFile: sshd.key, fileTransferMethod: method }),
      );
    });
    afterAll(() => comm?.close());
    beforeEach(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-ssh-transfer-'));
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it('downloads a file of a few MiB about as fast as it uploads it, and whole', async () => {
      const data = crypto.randomBytes(8 * 1024 * 1024 + 12345);
      const local = path.join(work, 'local.bin');
      fs.writeFileSync(local, data);
      const remote = path.join(work, 'remote.bin');
      const up = await secondsOf(() =>
        comm.upload(remote, fs.createReadStream(local), { mode: 0o644 }, signal),
      );
      let got: Buffer = Buffer.alloc(0);
      const down = await secondsOf(async () => {
        const { sink, data: received } = collect();
        await comm.download(remote, sink, signal);
        got = received();
      });
      expect(got.equals(data)).toBe(true);
      expect(down / up).toBeLessThan(MAX_RATIO);
    });

    it('downloads a tree of hundreds of small files about as fast as it uploads it, with modes', async () => {
      const tree = path.join(work, 'tree');
      for (let i = 0; i < 400; i++) {
        const dir = path.join(tree, `d${i % 8}`, i % 3 === 0 ? 'deep' : '');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `f${i}`), crypto.randomBytes(512 + ((i * 977) % 6000)));
      }
      fs.chmodSync(path.join(tree, 'd1', 'f1'), 0o751);
      const remote = path.join(work, 'remote');
      const up = await secondsOf(async () => {
        fs.rmSync(remote, { recursive: true, force: true });
        await comm.uploadDir(remote, `${tree}/`, [], signal);
      });
      const back = path.join(work, 'back');
      const down = await secondsOf(async () => {
        fs.rmSync(back, { recursive: true, force: true });
        await comm.downloadDir(`${remote}/`, back, [], signal);
      });
      const list = (root: string): string[] =>
        (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort();
      expect(list(back)).toEqual(list(tree));
      for (const f of list(tree).filter((f) => fs.statSync(path.join(tree, f)).isFile())) {
        expect(fs.readFileSync(path.join(back, f)).equals(fs.readFileSync(path.join(tree, f)))).toBe(true);
      }
      expect(fs.statSync(path.join(back, 'd1', 'f1')).mode & 0o777).toBe(0o751);
      expect(down / up).toBeLessThan(MAX_RATIO);
    });

    it('downloads files of sizes at and around the read size exactly, and skips excluded names', async () => {
      const remote = path.join(work, 'sizes');
      fs.mkdirSync(path.join(remote, 'skip'), { recursive: true });
      fs.mkdirSync(path.join(remote, 'empty'));
      const sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, 5 * 65536 + 7];
      for (const s of sizes) fs.writeFileSync(path.join(remote, `s${s}`), crypto.randomBytes(s));
      fs.writeFileSync(path.join(remote, 'skip', 'x'), 'x');
      const back = path.join(work, 'back');
      await comm.downloadDir(remote, back, ['skip'], signal);
      // No trailing slash: the directory itself arrives (Packer's rule).
      for (const s of sizes) {
        const got = fs.readFileSync(path.join(back, 'sizes', `s${s}`));
        expect(got.equals(fs.readFileSync(path.join(remote, `s${s}`)))).toBe(true);
      }
      expect(fs.existsSync(path.join(back, 'sizes', 'skip'))).toBe(false);
      expect(fs.statSync(path.join(back, 'sizes', 'empty')).isDirectory()).toBe(true);
    });

    it('waits for a slow destination instead of buffering the file, and stops when cancelled', async () => {
      const remote = path.join(work, 'big.bin');
      const data = crypto.randomBytes(4 * 1024 * 1024);
      fs.writeFileSync(remote, data);
      // A destination that takes one chunk per tick: everything arrives, in order.
      const chunks: Buffer[] = [];
      let maxBuffered = 0;
      const slow = new Writable({
        highWaterMark: 64 * 1024,
        write(chunk: Buffer, _enc, cb) {
          chunks.push(chunk);
          maxBuffered = Math.max(maxBuffered, slow.writableLength);
          setImmediate(cb);
        },
      });
      await comm.download(remote, slow, signal);
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
      expect(maxBuffered).toBeLessThanOrEqual(256 * 1024);

      const abort = new AbortController();
      const stuck = new Writable({
        highWaterMark: 1,
        write(_chunk, _enc, cb) {
          abort.abort();
          setTimeout(cb, 10_000).unref();
        },
      });
      await expect(comm.download(remote, stuck, abort.signal)).rejects.toBeInstanceOf(CancelledError);
    });

    it('names the missing remote file', async () => {
      const { sink } = collect();
      await expect(comm.download(path.join(work, 'nope'), sink, signal)).rejects.toThrow(/No such file/);
    });
  });
}
