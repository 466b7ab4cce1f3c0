import type { Readable } from 'node:stream';

import type { SFTPWrapper } from 'ssh2';

import { CancelledError } from '../../engine/abort';

/**
 * SFTP uploads with many write requests in flight. ssh2's write stream waits for each 32 KiB write
 * to be acknowledged before sending the next, so over any latency (even loopback's delayed ACKs)
 * it crawls; OpenSSH's sftp and scp keep the pipe full. Here up to MAX_IN_FLIGHT chunks of the
 * source are outstanding at once: throughput of a full pipe, memory bounded by
 * MAX_IN_FLIGHT × chunk size (the source's own chunks, 64 KiB for a file stream), never the file.
 */

export const MAX_IN_FLIGHT = 64;
/** The largest write ssh2 sends as one request (bigger buffers are split). */
const MAX_WRITE = 32 * 1024;

function call<T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

export async function sftpUpload(
  sftp: SFTPWrapper,
  destination: string,
  source: Readable,
  mode: number,
  signal: AbortSignal,
): Promise<void> {
  const handle = await call<Buffer>((cb) => sftp.open(destination, 'w', { mode }, cb));
  let failure: Error | undefined;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const settled = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const waitFor = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise<void>((resolve) => (wake = resolve));
  };
  const onAbort = (): void => {
    failure ??= new CancelledError();
    source.destroy();
    settled();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let position = 0;
    for await (const data of source) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
      for (let offset = 0; offset < chunk.length; offset += MAX_WRITE) {
        await waitFor(() => inFlight < MAX_IN_FLIGHT || failure !== undefined);
        if (failure) throw failure;
        const length = Math.min(MAX_WRITE, chunk.length - offset);
        inFlight++;
        sftp.write(handle, chunk, offset, length, position, (err) => {
          inFlight--;
          if (err) failure ??= err;
          settled();
        });
        position += length;
      }
    }
    await waitFor(() => inFlight === 0);
    if (failure) throw failure;
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await waitFor(() => inFlight === 0);
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
  }
}

/** Runs `tasks` with at most `limit` of them at a time; rejects with the first failure. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && failed === undefined) {
      const item = items[next++];
      try {
        await task(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
}
