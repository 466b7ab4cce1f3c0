import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

import type { Client } from 'ssh2';

import { END_DIR, OK, type ScpReader, ScpRemoteError, dirRecord, fileRecord } from './scp-protocol';
import { Ended, type ScpSession, shellWord, withScp } from './scp-channel';
import { sizedSource } from './scp-source';

/**
 * Uploads over scp, with Packer's remote commands: `scp -vt <dir>` for a file, `scp -rvt <dst>` for
 * a directory. The sink answers every record; those answers are not waited for one by one (a round
 * trip per record is what makes a tree slow) but counted, up to ACKS_AHEAD outstanding, so records
 * and file bytes stream back to back while an error still stops the upload within that window.
 */

/** Answers the sink may owe at once (two per file: its header, then its bytes). */
const ACKS_AHEAD = 512;
/** Files up to this size are read at once (a read stream's thread-pool trips cost more). */
const SMALL_FILE = 256 * 1024;
/** Files up to this size go out as one write with their header and status byte (one SSH packet). */
const ONE_WRITE = 32 * 1024;

/** The sink's answers, read as room is needed rather than after each record. */
class Acks {
  private owed = 0;

  constructor(private readonly reader: ScpReader) {}

  expect(n: number): void {
    this.owed += n;
  }

  /** Reads answers until at most `limit` are owed; throws the first error the sink sent. */
  async settle(limit: number): Promise<void> {
    while (this.owed > limit) {
      await this.reader.ack();
      this.owed--;
    }
  }
}

/** Sends `stream`'s bytes, which must be exactly `size` of them. */
async function sendStream(s: ScpSession, stream: Readable, size: number, name: string): Promise<void> {
  let sent = 0;
  try {
    for await (const data of stream) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
      sent += chunk.length;
      if (sent > size)
        throw new Error(`${name}: the source grew past its size (${size} bytes) during the upload`);
      await s.write(chunk);
    }
  } finally {
    stream.destroy();
  }
  if (sent < size) throw new Error(`${name}: the source ended at ${sent} of ${size} bytes`);
}

/**
 * When the sink quits mid-upload (after an error record), a write fails; the error it sent is the
 * one to report, so read what it answered before giving up.
 */
async function remoteReason(acks: Acks, e: unknown): Promise<never> {
  // Only a closed channel has its last answers waiting; otherwise the sink may be mid-file, owing none.
  if (!(e instanceof Ended)) throw e;
  try {
    await acks.settle(0);
  } catch (remote) {
    if (remote instanceof ScpRemoteError) throw remote;
  }
  throw e;
}

export async function scpUpload(
  client: Client,
  destination: string,
  source: Readable,
  mode: number,
  size: number | undefined,
  signal: AbortSignal,
): Promise<void> {
  const sized = await sizedSource(source, size, signal);
  const dir = path.posix.dirname(destination);
  const name = path.posix.basename(destination);
  try {
    await withScp(client, `scp -vt ${shellWord(dir)}`, signal, async (s) => {
      const acks = new Acks(s.reader);
      acks.expect(3); // the sink's greeting, the header, the bytes
      try {
        await s.write(fileRecord(mode, sized.size, name));
        await sendStream(s, sized.stream, sized.size, destination);
        await s.write(OK);
        await acks.settle(0);
      } catch (e) {
        await remoteReason(acks, e);
      }
    });
  } finally {
    sized.dispose();
  }
}

/** Sends the entries of local directory `dir` (recursively), skipping the names in `exclude`. */
async function sendEntries(
  s: ScpSession,
  acks: Acks,
  dir: string,
  exclude: readonly string[],
): Promise<void> {
  for (const name of fs.readdirSync(dir)) {
    if (exclude.includes(name)) continue;
    const local = path.join(dir, name);
    // stat, not lstat: a link to a directory is sent as that directory, as Packer does.
    const stat = fs.statSync(local);
    if (stat.isDirectory()) {
      await sendDirectory(s, acks, local, name, stat.mode, exclude);
      continue;
    }
    acks.expect(2);
    const header = fileRecord(stat.mode & 0o777, stat.size, name);
    if (stat.size <= SMALL_FILE) {
      const data = fs.readFileSync(local);
      if (data.length !== stat.size) throw new Error(`${local}: the file changed during the upload`);
      if (data.length <= ONE_WRITE) await s.write(Buffer.concat([header, data, OK]));
      else for (const part of [header, data, OK]) await s.write(part);
    } else {
      await s.write(header);
      await sendStream(s, fs.createReadStream(local), stat.size, local);
      await s.write(OK);
    }
    await acks.settle(ACKS_AHEAD);
  }
}

async function sendDirectory(
  s: ScpSession,
  acks: Acks,
  local: string,
  name: string,
  mode: number,
  exclude: readonly string[],
): Promise<void> {
  acks.expect(1);
  await s.write(dirRecord(mode & 0o777, name));
  await sendEntries(s, acks, local, exclude);
  acks.expect(1);
  await s.write(END_DIR);
}

/**
 * `src/` sends what is inside src into `destination`; `src` sends src itself (a D record first),
 * as Packer. The destination is created first (`mkdir -p`), as the SFTP path does: `scp -t` into a
 * missing directory would otherwise write every file of `src/` over one another under its name.
 */
export async function scpUploadDir(
  client: Client,
  destination: string,
  sourceDir: string,
  exclude: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const dst = shellWord(destination);
  await withScp(client, `mkdir -p ${dst} && scp -rvt ${dst}`, signal, async (s) => {
    const acks = new Acks(s.reader);
    acks.expect(1); // the sink's greeting
    try {
      if (sourceDir.endsWith('/')) {
        await sendEntries(s, acks, sourceDir, exclude);
      } else {
        const stat = fs.statSync(sourceDir);
        await sendDirectory(s, acks, sourceDir, path.basename(sourceDir), stat.mode, exclude);
      }
      await acks.settle(0);
    } catch (e) {
      await remoteReason(acks, e);
    }
  });
}
