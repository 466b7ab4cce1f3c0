import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, type Writable } from 'node:stream';

import type { Client, SFTPWrapper } from 'ssh2';

import { CancelledError } from '../../engine/abort';
import { pauseWhile } from '../../engine/output-pacing';
import { pool, sftpUpload } from './sftp-transfer';
import { sftpDownload } from './sftp-download';
import { downloadToFile, listRemoteTree } from './sftp-tree';
import { scpUpload, scpUploadDir } from './scp-transfer';
import { scpDownload, scpDownloadDir } from './scp-download';
import {
  type Communicator,
  type FileMode,
  type RemoteCommand,
  type RemoteCommandResult,
  RemoteDisconnectedError,
} from '../../engine/types';

/**
 * A communicator over one SSH connection (ssh2): commands through exec channels, files through the
 * remote `scp` (Packer's default, which needs no sftp subsystem) or SFTP (`ssh_file_transfer_method
 * = "sftp"`), streamed either way (never buffered whole). A channel that closes without an exit status is a dropped
 * connection: RemoteDisconnectedError, which `expect_disconnect` accepts.
 */
/**
 * A new connection to the same host, made when the last one dropped (a machine that restarted):
 * one attempt, its failure the operation's (callers that wait for a machine retry).
 */
export type SshReconnect = (signal: AbortSignal) => Promise<{ client: Client; bastion?: Client }>;

/** Files of a directory upload sent at the same time. */
const FILES_IN_FLIGHT = 16;
/** Files up to this size are read whole before they are sent (bounded: FILES_IN_FLIGHT of them). */
const SMALL_FILE = 256 * 1024;

export class SshCommunicator implements Communicator {
  readonly type = 'ssh';
  private sftpSession?: Promise<SFTPWrapper>;
  private client: Client;
  private bastion?: Client;
  /** The connection closed under us (not by close()): the next operation reconnects. */
  private dropped = false;
  private closed = false;
  private reconnecting?: Promise<void>;

  constructor(
    client: Client,
    private readonly opts: {
      pty: boolean;
      bastion?: Client;
      transfer?: 'scp' | 'sftp';
      /** Packer's SSH communicator reconnects when a session cannot be opened; without it, Kiln's does not. */
      reconnect?: SshReconnect;
    },
  ) {
    this.client = client;
    this.bastion = opts.bastion;
    this.adopt(client);
  }

  private adopt(client: Client): void {
    this.client = client;
    this.dropped = false;
    this.sftpSession = undefined;
    client.once('close', () => {
      if (this.client === client) this.dropped = true;
    });
  }

  /** The connection to use: the current one, or a new one when it dropped (a restart). */
  private async connection(signal: AbortSignal): Promise<Client> {
    const reconnect = this.opts.reconnect;
    if (!this.dropped || this.closed || reconnect === undefined) return this.client;
    this.reconnecting ??= reconnect(signal)
      .then(({ client, bastion }) => {
        this.bastion?.end();
        this.bastion = bastion;
        this.adopt(client);
      })
      .finally(() => {
        this.reconnecting = undefined;
      });
    await this.reconnecting;
    return this.client;
  }

  async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    const client = await this.connection(signal);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new CancelledError());
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        client.removeListener('close', onDrop);
        f();
      };
      const onDrop = (): void => finish(() => reject(new RemoteDisconnectedError()));
      const onAbort = (): void => finish(() => reject(new CancelledError()));
      signal.addEventListener('abort', onAbort, { once: true });
      client.once('close', onDrop);
      client.exec(cmd.command, { pty: this.opts.pty }, (err, channel) => {
        if (err) return finish(() => reject(err));
        let status: number | undefined;
        signal.addEventListener('abort', () => channel.close(), { once: true });
        channel.on('exit', (code: number | null, sig?: string) => {
          status = code ?? (sig ? 128 : undefined);
        });
        // A callback's promise pauses the channel (ssh2 then stops granting window: the remote waits).
        const streams = [channel, channel.stderr];
        channel.on('data', (c: Buffer) => pauseWhile(streams, cmd.onStdout?.(c) ?? undefined));
        channel.stderr.on('data', (c: Buffer) => pauseWhile(streams, cmd.onStderr?.(c) ?? undefined));
        channel.on('close', () =>
          finish(() =>
            status === undefined ? reject(new RemoteDisconnectedError()) : resolve({ exitStatus: status }),
          ),
        );
        if (cmd.stdin) cmd.stdin.pipe(channel);
        else channel.end();
      });
    });
  }

  private get useScp(): boolean {
    return this.opts.transfer !== 'sftp';
  }

  private async sftp(signal: AbortSignal): Promise<SFTPWrapper> {
    const client = await this.connection(signal);
    this.sftpSession ??= new Promise((resolve, reject) =>
      client.sftp((e, s) =>
        e
          ? reject(
              new Error(
                `SFTP is not available on the remote machine (${e.message}): its sshd may have no sftp ` +
                  'subsystem; ssh_file_transfer_method = "scp" transfers files without it',
                { cause: e },
              ),
            )
          : resolve(s),
      ),
    );
    return this.sftpSession;
  }

  async upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void> {
    if (this.useScp) {
      await scpUpload(
        await this.connection(signal),
        destination,
        source,
        mode.mode ?? 0o644,
        mode.size,
        signal,
      );
      return;
    }
    await sftpUpload(await this.sftp(signal), destination, source, mode.mode ?? 0o644, signal);
  }

  private mkdir(sftp: SFTPWrapper, dir: string): Promise<void> {
    return new Promise<void>((resolve) => sftp.mkdir(dir, () => resolve())); // exists: fine
  }

  private async mkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
    const parts = dir.split('/').filter((p) => p !== '');
    let current = dir.startsWith('/') ? '' : '.';
    for (const part of parts) {
      current = `${current}/${part}`;
      await new Promise<void>((resolve) => sftp.mkdir(current, () => resolve())); // exists: fine
    }
  }

  async uploadDir(
    destination: string,
    sourceDir: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    if (this.useScp)
      return scpUploadDir(await this.connection(signal), destination, sourceDir, exclude, signal);
    const sftp = await this.sftp(signal);
    // `src/` sends what is inside src; `src` sends src itself (Packer's rule).
    const base = sourceDir.endsWith('/')
      ? destination
      : path.posix.join(destination, path.basename(sourceDir));
    // Directories first (in order, parents before children), then the files, several at a time:
    // each file costs open/write/close round trips that would otherwise add up one after another.
    const dirs: string[] = [];
    const files: { local: string; remote: string }[] = [];
    const walk = (local: string, remote: string): void => {
      dirs.push(remote);
      for (const entry of fs.readdirSync(local, { withFileTypes: true })) {
        if (exclude.includes(entry.name)) continue;
        const l = path.join(local, entry.name);
        const r = path.posix.join(remote, entry.name);
        if (entry.isDirectory()) walk(l, r);
        else files.push({ local: l, remote: r });
      }
    };
    walk(sourceDir, base);
    await this.mkdirp(sftp, base);
    // Each depth's directories together: their parents exist by then.
    const byDepth = new Map<number, string[]>();
    for (const dir of dirs.slice(1)) {
      const depth = dir.split('/').length;
      byDepth.set(depth, [...(byDepth.get(depth) ?? []), dir]);
    }
    for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
      await Promise.all((byDepth.get(depth) ?? []).map((dir) => this.mkdir(sftp, dir)));
    }
    await this.inParallel(signal, (local) => this.uploadFiles(sftp, files, local));
  }

  /** One listener on the caller's signal; the parallel transfers listen to a signal of our own. */
  private async inParallel(signal: AbortSignal, run: (local: AbortSignal) => Promise<void>): Promise<void> {
    const local = new AbortController();
    setMaxListeners(3 * FILES_IN_FLIGHT + 1, local.signal);
    const forward = (): void => local.abort();
    signal.addEventListener('abort', forward, { once: true });
    try {
      await run(local.signal);
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }

  private async uploadFiles(
    sftp: SFTPWrapper,
    files: readonly { local: string; remote: string }[],
    signal: AbortSignal,
  ): Promise<void> {
    await pool(files, FILES_IN_FLIGHT, async (f) => {
      if (signal.aborted) throw new CancelledError();
      const stat = fs.statSync(f.local);
      // A small file is read at once: a read stream's open/read/close trips through the thread
      // pool cost more than its transfer. A large one streams.
      const source =
        stat.size <= SMALL_FILE ? Readable.from([fs.readFileSync(f.local)]) : fs.createReadStream(f.local);
      await sftpUpload(sftp, f.remote, source, stat.mode & 0o777, signal);
    });
  }

  async download(file: string, destination: Writable, signal: AbortSignal): Promise<void> {
    if (this.useScp) return scpDownload(await this.connection(signal), file, destination, signal);
    await sftpDownload(await this.sftp(signal), file, destination, signal);
  }

  async downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    if (this.useScp)
      return scpDownloadDir(await this.connection(signal), sourceDir, destination, exclude, signal);
    const sftp = await this.sftp(signal);
    const base = sourceDir.endsWith('/')
      ? destination
      : path.join(destination, path.posix.basename(sourceDir));
    const files = await listRemoteTree(sftp, sourceDir.replace(/\/+$/, '') || '/', base, exclude);
    await this.inParallel(signal, (local) =>
      pool(files, FILES_IN_FLIGHT, async (f) => {
        if (local.aborted) throw new CancelledError();
        await downloadToFile(sftp, f, local);
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.end();
    this.bastion?.end();
  }
}
