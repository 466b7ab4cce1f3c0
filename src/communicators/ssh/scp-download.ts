import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';

import type { Client } from 'ssh2';

import { createFileWriteStream, makeDirectory, writingFile } from '../../engine/file-errors';
import { OK, type ScpReader } from './scp-protocol';
import { Ended, type ScpSession, shellWord, withScp } from './scp-channel';
import { writeOrWait } from './sftp-download';

/**
 * Downloads over scp, with Packer's remote commands: `scp -vf <file>` and `scp -vrf <dir>`. The
 * source waits for an answer after each record and after each file's bytes; those answers are
 * always "fine" from here (a local failure closes the channel instead), so a window of them is
 * sent ahead and the source streams the whole tree without waiting a round trip per file.
 */

/** Answers sent ahead of the records that consume them. */
const ACKS_AHEAD = 64;
/** Files up to this size are written with synchronous calls (cheaper than a write stream's trips). */
const SMALL_FILE = 256 * 1024;

export async function scpDownload(
  client: Client,
  file: string,
  destination: Writable,
  signal: AbortSignal,
): Promise<void> {
  await withScp(client, `scp -vf ${shellWord(file)}`, signal, async (s) => {
    await s.write(OK);
    const record = await s.reader.record();
    if (record.kind === 'D') throw new Error('remote file is directory');
    if (record.kind !== 'C') throw new Error(`scp: unexpected record ${record.kind} from the remote`);
    await s.write(OK);
    await s.reader.copy(record.size, (chunk) => writeOrWait(destination, chunk, signal));
    await s.reader.ack();
    await s.write(OK);
  });
}

/** Copies `size` bytes of the stream to local `file` with `mode` (bypassing the umask). */
async function receiveFile(
  reader: ScpReader,
  file: string,
  size: number,
  mode: number,
  signal: AbortSignal,
): Promise<void> {
  if (size <= SMALL_FILE) {
    const fd = writingFile(file, () => fs.openSync(file, 'w', mode));
    try {
      await reader.copy(size, (chunk) => {
        writingFile(file, () => fs.writeSync(fd, chunk));
      });
    } finally {
      fs.closeSync(fd);
    }
  } else {
    const out = createFileWriteStream(file, { mode });
    let failed: Error | undefined;
    out.on('error', (e) => (failed ??= e));
    try {
      await reader.copy(size, (chunk) => writeOrWait(out, chunk, signal));
    } finally {
      await new Promise<void>((resolve) => (out.destroyed ? resolve() : out.end(() => resolve())));
    }
    if (failed) throw failed;
  }
  writingFile(file, () => fs.chmodSync(file, mode));
}

/** Reads `size` bytes and drops them (an excluded file). */
const discard = (reader: ScpReader, size: number): Promise<void> => reader.copy(size, () => undefined);

/**
 * `dir/` lands the contents of dir in `destination`, `dir` lands dir itself in it, as the SFTP path
 * does (Kiln's rule for both methods). Entries named in `exclude` are skipped at any depth: their
 * bytes still come (scp cannot be asked to leave them out) and are dropped.
 */
export async function scpDownloadDir(
  client: Client,
  sourceDir: string,
  destination: string,
  exclude: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const remote = sourceDir.replace(/\/+$/, '') || '/';
  makeDirectory(destination);
  await withScp(client, `scp -vrf ${shellWord(remote)}`, signal, async (s: ScpSession) => {
    // A source that has sent everything may exit before its last answers are written: what it
    // sent is still read (an output that ends too early fails the read, not the answer).
    const owe = (n: number): Promise<void> =>
      s.write(Buffer.alloc(n)).catch((e: unknown) => {
        if (!(e instanceof Ended)) throw e;
      });
    await owe(ACKS_AHEAD);
    // Local directories entered; null for an excluded one (everything under it is dropped).
    const stack: (string | null)[] = [];
    for (;;) {
      const record = await s.reader.record();
      const parent = stack.length === 0 ? destination : stack[stack.length - 1];
      if (record.kind === 'E') {
        stack.pop();
        await owe(1);
        if (stack.length === 0) return;
        continue;
      }
      if (record.kind === 'T') {
        await owe(1);
        continue;
      }
      const top = stack.length === 0;
      const skip = parent === null || (!top && exclude.includes(record.name));
      if (record.kind === 'D') {
        let local: string | null = null;
        if (!skip && parent !== null) {
          local = top && sourceDir.endsWith('/') ? destination : path.join(parent, record.name);
          makeDirectory(local);
        }
        stack.push(local);
        await owe(1);
        continue;
      }
      await owe(2);
      if (skip || parent === null) await discard(s.reader, record.size);
      else
        await receiveFile(s.reader, path.join(parent, record.name), record.size, record.mode & 0o777, signal);
      await s.reader.ack();
      if (top) return; // the source was a single file
    }
  });
}
