import type { Readable, Writable } from 'node:stream';

import { CancelledError } from '../../src/engine/abort';
import {
  type Communicator,
  type FileMode,
  type ProvisionContext,
  type RemoteCommand,
  type RemoteCommandResult,
  RemoteDisconnectedError,
} from '../../src/engine/types';
import { type FakeStepContextOptions, fakeStepContext } from './engine-fakes';

/**
 * A communicator that records what a provisioner sends (commands, and uploads with their exact
 * bytes) and answers commands from a script the test writes: an exit status with output, a
 * dropped connection, or a failure to start. It proves what Kiln sends, not what Windows would do.
 */

export type RecordedEvent =
  | { readonly kind: 'upload'; readonly path: string; readonly bytes: Buffer; readonly at: number }
  | { readonly kind: 'start'; readonly command: string; readonly at: number };

/** What a command does: exit with a status (and print), drop the connection, or fail to start. */
export type CommandReply =
  { readonly exitStatus: number; readonly stdout?: string; readonly stderr?: string } | 'disconnect' | Error;

export interface RecordingCommunicator extends Communicator {
  readonly events: RecordedEvent[];
  /** The uploads, in order. */
  uploads(): { path: string; text: string; bytes: Buffer }[];
  /** The commands started, in order. */
  commands(): string[];
}

export function recordingCommunicator(
  reply: (command: string) => CommandReply = () => ({ exitStatus: 0 }),
  uploadReply: (path: string) => Error | undefined = () => undefined,
): RecordingCommunicator {
  const events: RecordedEvent[] = [];
  const started = Date.now();
  return {
    type: 'recording',
    events,
    uploads: () =>
      events.flatMap((e) =>
        e.kind === 'upload' ? [{ path: e.path, text: e.bytes.toString('utf8'), bytes: e.bytes }] : [],
      ),
    commands: () => events.flatMap((e) => (e.kind === 'start' ? [e.command] : [])),
    async start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
      if (signal.aborted) throw new CancelledError();
      events.push({ kind: 'start', command: cmd.command, at: Date.now() - started });
      const r = reply(cmd.command);
      if (r instanceof Error) throw r;
      if (r === 'disconnect') throw new RemoteDisconnectedError();
      if (r.stdout) await cmd.onStdout?.(Buffer.from(r.stdout));
      if (r.stderr) await cmd.onStderr?.(Buffer.from(r.stderr));
      return { exitStatus: r.exitStatus };
    },
    async upload(destination: string, source: Readable, _mode: FileMode, signal: AbortSignal): Promise<void> {
      if (signal.aborted) throw new CancelledError();
      const chunks: Buffer[] = [];
      for await (const c of source) chunks.push(Buffer.from(c as Buffer));
      const failure = uploadReply(destination);
      if (failure) throw failure;
      events.push({
        kind: 'upload',
        path: destination,
        bytes: Buffer.concat(chunks),
        at: Date.now() - started,
      });
    },
    uploadDir: () => Promise.reject(new Error('uploadDir: not used by these provisioners')),
    download: (_path: string, _dest: Writable) => Promise.reject(new Error('download: not used')),
    downloadDir: () => Promise.reject(new Error('downloadDir: not used')),
    close: () => Promise.resolve(),
  };
}

/** A provision context over fakes and the given communicator. */
export function provisionContext(
  communicator: Communicator,
  opts: FakeStepContextOptions & { readonly generated?: Record<string, string> } = {},
): ProvisionContext {
  return { ...fakeStepContext(opts), communicator, generated: opts.generated ?? {} };
}

/** A counter in Packer's UUID shape: 00000000-0000-0000-0000-000000000001, …2, … */
export function counterUuid(): () => string {
  let n = 0;
  return () => `00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`;
}
