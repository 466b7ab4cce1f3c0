import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { CancelledError } from '../../engine/abort';
import {
  type Communicator,
  type FileMode,
  type RemoteCommand,
  type RemoteCommandResult,
  RemoteDisconnectedError,
} from '../../engine/types';
import { decodeCommandFinished } from '../gob';
import type { MuxBroker, RpcClient } from '../rpc';
import { LocalStreamError, type Transfer, collectFrom, receiveFrom, sendTo } from './broker-streams';

/**
 * A plugin's communicator (what its builder connected: docker exec, SSH, WinRM…) as Kiln's
 * Communicator, so Kiln's own provisioners run through it: packer-plugin-sdk's rpc.communicator,
 * Kiln's side. Byte streams ride brokered streams Kiln accepts (see broker-streams.ts); a command's
 * exit status comes last, gob-encoded, on a stream of its own. Directory transfers name local
 * paths: the plugin runs on this machine and reads or writes them itself, as under Packer.
 */

/** packersdk.CmdDisconnect: the exit status an SDK communicator reports for a dropped connection. */
export const CMD_DISCONNECT_STATUS = 2300218;

/** A CommandFinished is a few dozen bytes; anything much larger is not one. */
const RESPONSE_LIMIT = 64 * 1024;

export class PluginCommunicator implements Communicator {
  constructor(
    private readonly client: RpcClient,
    private readonly broker: MuxBroker,
    /** The plugin's communicator type (`ssh`, `docker`…), as its hook data's ConnType says. */
    readonly type: string = 'plugin',
  ) {}

  async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    if (signal.aborted) throw new CancelledError();
    const { broker } = this;
    const transfers: Transfer[] = [];
    const track = <T extends Transfer>(t: T): T => (transfers.push(t), t);
    // Ids in the SDK's order (stdin, stdout, stderr, response); 0 where Kiln wants no stream.
    const ids = {
      stdin: cmd.stdin ? broker.nextId() : 0,
      stdout: cmd.onStdout ? broker.nextId() : 0,
      stderr: cmd.onStderr ? broker.nextId() : 0,
      response: broker.nextId(),
    };
    const stdin = cmd.stdin ? track(sendTo(broker, ids.stdin, cmd.stdin)) : undefined;
    const stdout = cmd.onStdout ? track(receiveFrom(broker, ids.stdout, cmd.onStdout)) : undefined;
    const stderr = cmd.onStderr ? track(receiveFrom(broker, ids.stderr, cmd.onStderr)) : undefined;
    const response = track(collectFrom(broker, ids.response, RESPONSE_LIMIT));
    const work = (async (): Promise<number> => {
      await this.client.call('Communicator.Start', {
        Command: cmd.command,
        StdinStreamId: ids.stdin,
        StdoutStreamId: ids.stdout,
        StderrStreamId: ids.stderr,
        ResponseStreamId: ids.response,
      });
      // As the SDK: the status is read once the command's output has all arrived.
      await Promise.all([stdout?.done, stderr?.done, response.done]);
      const status = decodeCommandFinished(response.bytes());
      if (status === undefined) {
        throw new RemoteDisconnectedError(
          `${cmd.command}: the plugin's communicator ended without an exit status`,
        );
      }
      return status;
    })();
    let exitStatus: number;
    try {
      exitStatus = await abortable(work, signal);
    } catch (err) {
      for (const t of transfers) t.abandon(err instanceof Error ? err : new Error(String(err)));
      throw err instanceof LocalStreamError ? (err.cause ?? err) : err;
    }
    // stdin is the plugin's to close when the command ends; it may stop reading before its end.
    stdin?.abandon(new Error('command finished'));
    if (exitStatus === CMD_DISCONNECT_STATUS) throw new RemoteDisconnectedError();
    return { exitStatus };
  }

  async upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new CancelledError();
    // The plugin tars the file with this size and mode (the SDK's fileInfo); without a size it
    // would spool to a temporary file of its own, with that file's mode 0600 — so when only the
    // mode is known, Kiln spools to learn the size, as the plugin would have.
    if (mode.size === undefined && mode.mode !== undefined) {
      const spooled = await spool(source, signal);
      try {
        const size = (await fs.promises.stat(spooled)).size;
        await this.upload(destination, fs.createReadStream(spooled), { ...mode, size }, signal);
      } finally {
        await fs.promises.rm(path.dirname(spooled), { recursive: true, force: true });
      }
      return;
    }
    const id = this.broker.nextId();
    const data = sendTo(this.broker, id, source);
    const fileInfo =
      mode.size === undefined
        ? null
        : { N: path.posix.basename(destination), S: mode.size, M: mode.mode ?? 0o644 };
    await this.transferCall(
      'Communicator.Upload',
      { Path: destination, ReaderStreamId: id, FileInfo: fileInfo },
      data,
      signal,
    );
  }

  async download(remotePath: string, destination: Writable, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new CancelledError();
    const id = this.broker.nextId();
    const data = receiveFrom(this.broker, id, (chunk) => write(destination, chunk));
    await this.transferCall('Communicator.Download', { Path: remotePath, WriterStreamId: id }, data, signal);
  }

  async uploadDir(
    destination: string,
    sourceDir: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) throw new CancelledError();
    await abortable(
      this.client.call('Communicator.UploadDir', { Dst: destination, Src: sourceDir, Exclude: [...exclude] }),
      signal,
    );
  }

  async downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) throw new CancelledError();
    await abortable(
      this.client.call('Communicator.DownloadDir', {
        Dst: destination,
        Src: sourceDir,
        Exclude: [...exclude],
      }),
      signal,
    );
  }

  /** The plugin owns the connection; the hook that handed this out closes its stream. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** A call whose data rides `data`: both must finish; either failing gives the other up. */
  private async transferCall(
    method: string,
    args: unknown,
    data: Transfer,
    signal: AbortSignal,
  ): Promise<void> {
    const call = this.client.call(method, args);
    try {
      // The call fails before the plugin dials (the file cannot be opened): don't wait for it.
      await abortable(
        Promise.all([call, data.done]).then(() => undefined),
        signal,
      );
    } catch (err) {
      data.abandon(err instanceof Error ? err : new Error(String(err)));
      if (signal.aborted) throw err;
      // Kiln's own file or destination failing is the story; otherwise a broken data stream is only
      // the consequence of the plugin's failure, which its call's error tells.
      if (err instanceof LocalStreamError) throw err.cause ?? err;
      await call;
      throw err;
    }
  }
}

/** `work`, or CancelledError as soon as `signal` aborts (the work is abandoned, not awaited). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Writes with the destination's backpressure; rejects if it fails. */
function write(destination: Writable, chunk: Buffer): Promise<void> | undefined {
  if (destination.write(chunk)) return undefined;
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      destination.off('drain', onDrain);
      destination.off('error', onError);
      destination.off('close', onClose);
    };
    const onDrain = (): void => (cleanup(), resolve());
    const onError = (err: Error): void => (cleanup(), reject(err));
    const onClose = (): void => (cleanup(), reject(new Error('download destination closed')));
    destination.once('drain', onDrain);
    destination.once('error', onError);
    destination.once('close', onClose);
  });
}

/** `source` into a private temporary file; returns its path (in a directory of its own). */
async function spool(source: Readable, signal: AbortSignal): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kiln-plugin-upload-'));
  const file = path.join(dir, 'data');
  try {
    await pipeline(source, fs.createWriteStream(file, { mode: 0o600 }), { signal });
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw signal.aborted ? new CancelledError() : err;
  }
  return file;
}
