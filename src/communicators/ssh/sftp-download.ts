import type { Writable } from 'node:stream';

import type { SFTPWrapper, Stats } from 'ssh2';

import { CancelledError } from '../../engine/abort';

/**
 * SFTP downloads with many read requests in flight. ssh2's read stream asks for one 64 KiB chunk
 * and waits for it before asking for the next, so every chunk costs a full round trip through
 * sshd's sftp-server (20 MiB/s on loopback, 1.4 MiB/s when Nagle delayed each request: see
 * connect.ts). Here reads covering BYTES_IN_FLIGHT are outstanding at once and their data is
 * written to the destination in file order, waiting for the destination to drain: throughput of a full pipe, memory bounded by
 * that window plus the destination's own buffer, never the file.
 */

/** Bytes of a download in flight at once (requests of readSize each). */
const BYTES_IN_FLIGHT = 4 * 1024 * 1024;
/** The read that looks past the expected end of a file (it normally answers end-of-file). */
const PROBE = 4 * 1024;

/**
 * The largest read the server answers in one piece: ssh2 knows it (254 KiB from OpenSSH, ~31 KiB
 * from others) and splits a larger read into requests sent one after another, which would undo the
 * pipelining, so each read asks for at most that much. Not in ssh2's typings: read defensively.
 */
function readSize(sftp: SFTPWrapper): number {
  const max = (sftp as unknown as { _maxReadLen?: unknown })._maxReadLen;
  return typeof max === 'number' && max >= PROBE ? Math.min(max, 256 * 1024) : 31 * 1024;
}

interface Read {
  readonly position: number;
  readonly length: number;
  readonly result: Promise<{ err?: Error; data: Buffer }>;
}

function call<T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/** Stats of an open handle (for the size that sizes the read window). */
export function fstat(sftp: SFTPWrapper, handle: Buffer): Promise<Stats> {
  return call<Stats>((cb) => sftp.fstat(handle, cb));
}

/** Writes `data`, resolving once the destination can take more (or failing with its error). */
export function writeOrWait(destination: Writable, data: Buffer, signal: AbortSignal): Promise<void> {
  if (destination.destroyed) {
    return Promise.reject(destination.errored ?? new Error('the download destination was closed'));
  }
  if (destination.write(data)) return Promise.resolve();
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      destination.off('drain', onDrain);
      destination.off('error', done);
      destination.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(destination.errored ?? new Error('the download destination was closed'));
    const onAbort = (): void => done(new CancelledError());
    destination.on('drain', onDrain);
    destination.on('error', done);
    destination.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Copies the remote file `remote` into `destination` (which is not ended: the caller owns it).
 * `sizeHint` (the size a directory listing or fstat reported) decides how far ahead to read; reading
 * goes on to the real end of file, so a file that grew or shrank still arrives whole.
 */
export async function sftpDownload(
  sftp: SFTPWrapper,
  remote: string,
  destination: Writable,
  signal: AbortSignal,
  sizeHint?: number,
): Promise<void> {
  if (signal.aborted) throw new CancelledError();
  const handle = await call<Buffer>((cb) => sftp.open(remote, 'r', cb));
  const queue: Read[] = [];
  const request = (position: number, length: number): Read => ({
    position,
    length,
    result: new Promise((resolve) => {
      const buffer = Buffer.allocUnsafe(length);
      sftp.read(handle, buffer, 0, length, position, (err, bytes) =>
        resolve(err ? { err, data: buffer.subarray(0, 0) } : { data: buffer.subarray(0, bytes) }),
      );
    }),
  });
  try {
    let size = sizeHint ?? (await fstat(sftp, handle)).size ?? 0;
    const chunk = readSize(sftp);
    const window = Math.max(4, Math.floor(BYTES_IN_FLIGHT / chunk));
    let next = 0;
    // Up to the expected size the window is full; past it one small read finds the real end.
    const fill = (): void => {
      while (queue.length < (next < size ? window : 1)) {
        const length = next < size ? Math.min(chunk, size - next) : PROBE;
        queue.push(request(next, length));
        next += length;
      }
    };
    fill();
    for (;;) {
      const head = queue[0];
      const { err, data } = await head.result;
      if (signal.aborted) throw new CancelledError();
      if (err) throw err;
      if (data.length === 0) return; // end of file
      if (data.length < head.length) {
        // A short read: the rest of this range comes next, before the reads already sent.
        queue[0] = request(head.position + data.length, head.length - data.length);
      } else {
        // A full answer past the expected end: the file grew; read the rest at full speed.
        if (head.position >= size) size = Infinity;
        queue.shift();
        fill();
      }
      await writeOrWait(destination, data, signal);
    }
  } finally {
    // Reads still out would land after the close; wait for them (they are answered quickly).
    await Promise.all(queue.map((r) => r.result));
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
  }
}
