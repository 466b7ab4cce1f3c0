import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Client, SFTPWrapper } from 'ssh2';

import { CancelledError } from '../../engine/abort';
import {
  type Communicator,
  type FileMode,
  type RemoteCommand,
  type RemoteCommandResult,
  RemoteDisconnectedError,
} from '../../engine/types';

/**
 * A communicator over one SSH connection (ssh2): commands through exec channels, files through
 * SFTP streams (never buffered whole). A channel that closes without an exit status is a dropped
 * connection: RemoteDisconnectedError, which `expect_disconnect` accepts.
 */
export class SshCommunicator implements Communicator {
  readonly type = 'ssh';
  private sftpSession?: Promise<SFTPWrapper>;

  constructor(
    private readonly client: Client,
    private readonly opts: { pty: boolean; bastion?: Client },
  ) {}

  start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new CancelledError());
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        this.client.removeListener('close', onDrop);
        f();
      };
      const onDrop = (): void => finish(() => reject(new RemoteDisconnectedError()));
      const onAbort = (): void => finish(() => reject(new CancelledError()));
      signal.addEventListener('abort', onAbort, { once: true });
      this.client.once('close', onDrop);
      this.client.exec(cmd.command, { pty: this.opts.pty }, (err, channel) => {
        if (err) return finish(() => reject(err));
        let status: number | undefined;
        signal.addEventListener('abort', () => channel.close(), { once: true });
        channel.on('exit', (code: number | null, sig?: string) => {
          status = code ?? (sig ? 128 : undefined);
        });
        channel.on('data', (c: Buffer) => cmd.onStdout?.(c));
        channel.stderr.on('data', (c: Buffer) => cmd.onStderr?.(c));
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

  private sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise((resolve, reject) =>
      this.client.sftp((e, s) => (e ? reject(e) : resolve(s))),
    );
    return this.sftpSession;
  }

  async upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void> {
    const sftp = await this.sftp();
    await pipeline(source, sftp.createWriteStream(destination, { mode: mode.mode ?? 0o644 }), { signal });
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
    const sftp = await this.sftp();
    // `src/` sends what is inside src; `src` sends src itself (Packer's rule).
    const base = sourceDir.endsWith('/')
      ? destination
      : path.posix.join(destination, path.basename(sourceDir));
    const walk = async (local: string, remote: string): Promise<void> => {
      await this.mkdirp(sftp, remote);
      for (const entry of fs.readdirSync(local, { withFileTypes: true })) {
        if (exclude.includes(entry.name)) continue;
        const l = path.join(local, entry.name);
        const r = path.posix.join(remote, entry.name);
        if (entry.isDirectory()) await walk(l, r);
        else await this.upload(r, fs.createReadStream(l), { mode: fs.statSync(l).mode & 0o777 }, signal);
      }
    };
    await walk(sourceDir, base);
  }

  async download(file: string, destination: Writable, signal: AbortSignal): Promise<void> {
    const sftp = await this.sftp();
    await pipeline(sftp.createReadStream(file), destination, { signal, end: false });
  }

  async downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    const sftp = await this.sftp();
    const base = sourceDir.endsWith('/')
      ? destination
      : path.join(destination, path.posix.basename(sourceDir));
    const walk = async (remote: string, local: string): Promise<void> => {
      fs.mkdirSync(local, { recursive: true });
      const entries = await new Promise<{ filename: string; attrs: { isDirectory(): boolean } }[]>(
        (resolve, reject) => sftp.readdir(remote, (e, list) => (e ? reject(e) : resolve(list as never))),
      );
      for (const entry of entries) {
        if (exclude.includes(entry.filename)) continue;
        const r = path.posix.join(remote, entry.filename);
        const l = path.join(local, entry.filename);
        if (entry.attrs.isDirectory()) await walk(r, l);
        else await pipeline(sftp.createReadStream(r), fs.createWriteStream(l), { signal });
      }
    };
    await walk(sourceDir.replace(/\/+$/, '') || '/', base);
  }

  async close(): Promise<void> {
    this.client.end();
    this.opts.bastion?.end();
  }
}
