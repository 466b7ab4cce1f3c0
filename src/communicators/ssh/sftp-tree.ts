import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';

import type { FileEntryWithStats, SFTPWrapper } from 'ssh2';

import { createFileWriteStream, fileError, makeDirectory, writingFile } from '../../engine/file-errors';
import { sftpDownload } from './sftp-download';
import { pool } from './sftp-transfer';

/**
 * Directory downloads over SFTP. Walking the tree one directory after another and fetching one file
 * at a time costs a round trip per readdir/open/read/close, one after another; here the
 * directories of each level are listed together and the files come several at a time (the caller's
 * pool), each with its reads pipelined.
 */

/** Directories listed at the same time. */
const LISTINGS_IN_FLIGHT = 8;

export interface RemoteFile {
  readonly remote: string;
  readonly local: string;
  readonly mode: number;
  readonly size: number;
}

function readdir(sftp: SFTPWrapper, dir: string): Promise<FileEntryWithStats[]> {
  return new Promise((resolve, reject) => sftp.readdir(dir, (e, list) => (e ? reject(e) : resolve(list))));
}

/**
 * Lists the remote tree under `remoteRoot`, making its directories under `localRoot` as it goes
 * (an empty directory arrives too), and returns its files. Entries named in `exclude` are skipped at
 * any depth.
 */
export async function listRemoteTree(
  sftp: SFTPWrapper,
  remoteRoot: string,
  localRoot: string,
  exclude: readonly string[],
): Promise<RemoteFile[]> {
  const files: RemoteFile[] = [];
  let level = [{ remote: remoteRoot, local: localRoot }];
  while (level.length > 0) {
    const next: typeof level = [];
    await pool(level, LISTINGS_IN_FLIGHT, async (dir) => {
      makeDirectory(dir.local);
      for (const entry of await readdir(sftp, dir.remote)) {
        if (exclude.includes(entry.filename)) continue;
        const remote = path.posix.join(dir.remote, entry.filename);
        const local = path.join(dir.local, entry.filename);
        if (entry.attrs.isDirectory()) next.push({ remote, local });
        // The guest's permission bits come along (as with Packer's scp -p).
        else files.push({ remote, local, mode: entry.attrs.mode & 0o777, size: entry.attrs.size });
      }
    });
    level = next;
  }
  return files;
}

/** Files up to this size (as listed) are written with synchronous calls. */
const SMALL_FILE = 256 * 1024;

/**
 * A file destination written with synchronous calls: for a small file, a write stream's
 * open/write/close trips through the thread pool cost more than its transfer. Each chunk is
 * written as it comes (a file that grew past its listed size still streams).
 */
class SyncFileSink extends Writable {
  private readonly fd: number;

  constructor(
    private readonly file: string,
    mode: number,
  ) {
    super();
    this.fd = writingFile(file, () => fs.openSync(file, 'w', mode));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    try {
      writingFile(this.file, () => fs.writeSync(this.fd, chunk));
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    try {
      fs.closeSync(this.fd);
    } catch (e) {
      err ??= fileError(this.file, e);
    }
    cb(err);
  }
}

/** Downloads one remote file to its local path, with its mode. */
export async function downloadToFile(sftp: SFTPWrapper, f: RemoteFile, signal: AbortSignal): Promise<void> {
  if (f.size <= SMALL_FILE) {
    const sink = new SyncFileSink(f.local, f.mode);
    let failed: Error | undefined;
    sink.on('error', (e) => (failed ??= e));
    try {
      await sftpDownload(sftp, f.remote, sink, signal, f.size);
    } finally {
      await new Promise<void>((resolve) => (sink.destroyed ? resolve() : sink.end(() => resolve())));
      sink.destroy();
    }
    if (failed) throw failed;
    writingFile(f.local, () => fs.chmodSync(f.local, f.mode));
    return;
  }
  const out = createFileWriteStream(f.local, { mode: f.mode });
  let failed: Error | undefined;
  out.on('error', (e) => (failed ??= e));
  try {
    await sftpDownload(sftp, f.remote, out, signal, f.size);
  } catch (e) {
    out.destroy();
    throw failed ?? e;
  }
  // end's callback runs on 'finish' or on an error (which the listener above keeps).
  await new Promise<void>((resolve) => (out.destroyed ? resolve() : out.end(() => resolve())));
  if (failed) throw failed;
  // chmod because the mode given to open is narrowed by the umask.
  writingFile(f.local, () => fs.chmodSync(f.local, f.mode));
}
