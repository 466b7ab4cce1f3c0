import { PassThrough, type Readable, type Writable } from 'node:stream';

import { errorMessage } from '../../engine/abort';
import { type Communicator, type FileMode, RemoteDisconnectedError } from '../../engine/types';
import { CMD_DISCONNECT_STATUS } from '../clients/communicator';
import { isRecord, text, textList } from '../clients/values';
import { encodeCommandFinished } from '../gob';
import type { MuxBroker, RpcService } from '../rpc';
import type { YamuxStream } from '../yamux';

/**
 * Kiln's communicator served to a plugin (a provisioner running over Kiln's SSH or docker
 * communicator, or over a plugin builder's): packer-plugin-sdk's rpc.CommunicatorServer, Kiln's
 * side, backed by the engine's Communicator. The plugin is the SDK's rpc.communicator client: it
 * accepts the byte streams of a call (a command's stdin, stdout and stderr, an upload's data, a
 * download's) on broker ids it names, and Kiln dials them, as the SDK's server does.
 *
 * Start answers as soon as the command is under way (the SDK's server returns once its
 * communicator started it); the command's end is the gob CommandFinished on the response stream,
 * written after its output streams are closed. Kiln's Communicator cannot tell "could not start"
 * from "failed while running", so an error either way is reported through `onError` and the
 * response stream ends without a status, which the plugin reads as exit status 123 (the SDK's own
 * value for an unreadable response); a dropped connection is the SDK's CmdDisconnect status, so a
 * plugin's expect_disconnect still works.
 */

export interface CommunicatorServiceOptions {
  /** Aborts the commands and transfers in flight (the provisioner ended, or the build was cancelled). */
  readonly signal: AbortSignal;
  /** A command that failed without an exit status: said on the build's UI. */
  readonly onError?: (message: string) => void;
}

/** Go's os.FileMode bits for setuid, setgid and sticky, and their Unix values. */
const GO_SPECIAL_BITS: readonly (readonly [number, number])[] = [
  [1 << 23, 0o4000],
  [1 << 22, 0o2000],
  [1 << 20, 0o1000],
];

/** The SDK's fileInfo ({N, S, M, T}) as Kiln's FileMode: permission bits and size. */
export function fileModeOf(fileInfo: unknown): FileMode {
  if (!isRecord(fileInfo)) return {};
  const goMode = Number(fileInfo.M ?? 0);
  let mode = goMode & 0o777;
  for (const [go, unix] of GO_SPECIAL_BITS) if ((goMode & go) !== 0) mode |= unix;
  const size = Number(fileInfo.S);
  return { mode, ...(Number.isFinite(size) && size >= 0 ? { size } : {}) };
}

export function communicatorService(
  broker: MuxBroker,
  communicator: Communicator,
  options: CommunicatorServiceOptions,
): RpcService {
  const { signal } = options;
  const dial = (id: unknown): Promise<YamuxStream | undefined> => {
    const n = Number(id ?? 0);
    return n > 0 ? broker.dial(n) : Promise.resolve(undefined);
  };
  return {
    async Start(arg) {
      const a = isRecord(arg) ? arg : {};
      const command = text(a.Command);
      const opened: YamuxStream[] = [];
      const open = async (id: unknown): Promise<YamuxStream | undefined> => {
        const s = await dial(id);
        if (s) {
          s.on('error', () => undefined); // a reset shows as a failed write or read
          opened.push(s);
        }
        return s;
      };
      let streams;
      try {
        streams = {
          stdin: await open(a.StdinStreamId),
          stdout: await open(a.StdoutStreamId),
          stderr: await open(a.StderrStreamId),
          response: await open(a.ResponseStreamId),
        };
      } catch (err) {
        for (const s of opened) s.destroy();
        throw err;
      }
      const { stdin, stdout, stderr, response } = streams;
      if (!response) throw new Error('Communicator.Start: no response stream');
      stdin?.end(); // nothing goes to the plugin on its stdin stream
      void communicator
        .start(
          {
            command,
            ...(stdin ? { stdin: readerOf(stdin) } : {}),
            ...(stdout ? { onStdout: (chunk: Buffer) => write(stdout, chunk) } : {}),
            ...(stderr ? { onStderr: (chunk: Buffer) => write(stderr, chunk) } : {}),
          },
          signal,
        )
        .then(
          ({ exitStatus }) => exitStatus,
          (err: unknown) => {
            if (err instanceof RemoteDisconnectedError) return CMD_DISCONNECT_STATUS;
            if (!signal.aborted) options.onError?.(`${command}: ${errorMessage(err)}`);
            return undefined;
          },
        )
        .then((status) => {
          // What the plugin did not send of stdin is dropped (the command has ended).
          if (stdin && !stdin.readableEnded) stdin.destroy();
          // The output streams end first: the plugin reads the status once they have.
          stdout?.end();
          stderr?.end();
          response.resume();
          if (status === undefined) response.end();
          else response.end(encodeCommandFinished(status));
        });
      return null;
    },

    async Upload(arg) {
      const a = isRecord(arg) ? arg : {};
      const stream = await dial(a.ReaderStreamId);
      if (!stream) throw new Error('Communicator.Upload: no data stream');
      stream.on('error', () => undefined);
      try {
        await communicator.upload(text(a.Path), readerOf(stream), fileModeOf(a.FileInfo), signal);
      } finally {
        // Data the upload did not read would stall the plugin's copy: a reset stops it.
        if (stream.readableEnded) stream.end();
        else stream.destroy();
      }
      return null;
    },

    async Download(arg) {
      const a = isRecord(arg) ? arg : {};
      const stream = await dial(a.WriterStreamId);
      if (!stream) throw new Error('Communicator.Download: no data stream');
      stream.on('error', () => undefined);
      stream.resume(); // the plugin's FIN once it has read ours
      try {
        await communicator.download(text(a.Path), stream, signal);
      } finally {
        // The plugin's copy ends at Kiln's EOF, however the download went (the SDK's deferred Close).
        stream.end();
      }
      return null;
    },

    async UploadDir(arg) {
      const a = isRecord(arg) ? arg : {};
      await communicator.uploadDir(text(a.Dst), text(a.Src), textList(a.Exclude), signal);
      return null;
    },

    async DownloadDir(arg) {
      const a = isRecord(arg) ? arg : {};
      await communicator.downloadDir(text(a.Src), text(a.Dst), textList(a.Exclude), signal);
      return null;
    },
  };
}

/**
 * What the plugin sends on `stream`, as a Readable of its own: a consumer that destroys what it
 * read (an async iterator does, once done) must not reset the yamux stream, whose end is Kiln's
 * to close.
 */
function readerOf(stream: YamuxStream): Readable {
  const reader = new PassThrough();
  stream.pipe(reader);
  return reader;
}

/** Writes with the stream's backpressure: a promise only while it is full. */
function write(stream: Writable, chunk: Buffer): Promise<void> | undefined {
  if (stream.destroyed || stream.writableEnded) return undefined;
  if (stream.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    // A reset stream never drains; the command's output is then dropped, as the SDK's copy would.
    stream.once('close', done);
  });
}
