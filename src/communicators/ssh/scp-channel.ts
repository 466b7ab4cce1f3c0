import type { Client, ClientChannel } from 'ssh2';

import { CancelledError } from '../../engine/abort';
import { ScpReader, ScpRemoteError } from './scp-protocol';

/**
 * One remote `scp` process over an exec channel, as Packer runs it: its stdin and stdout carry the
 * protocol, its stderr (with -v, a line per record) is kept only for the message of a failure.
 */

export interface ScpSession {
  readonly reader: ScpReader;
  /** Sends `data`, resolving once the channel takes more (the SSH window: backpressure). */
  write(data: Buffer): Promise<void>;
}

/** Kept from the remote's stderr for an error message: its last lines, not a -v log of 10,000. */
const STDERR_KEPT = 8 * 1024;
/** The -v chatter of `scp -t` / `scp -f`, which says nothing about a failure. */
const VERBOSE = /^(scp: )?(Sink|Sending file modes|Entering directory|Executing|debug\d?):/;

/** A path as one shell word: as is when it is safe (Packer's command exactly), quoted otherwise. */
export function shellWord(p: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(p)) return p;
  // A leading ~/ stays outside the quotes so that the remote shell still expands it.
  const home = p.startsWith('~/') ? '~/' : '';
  return `${home}'${p.slice(home.length).replace(/'/g, `'\\''`)}'`;
}

/** The remote scp's output or input closed before the protocol was done. */
export class Ended extends Error {}

function openChannel(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel))),
  );
}

/**
 * Runs `command` (a remote scp) and `run` against it; then ends its input and waits for it to exit.
 * An early end of its output is reported through its exit status and stderr; a remote error record
 * as the remote worded it; cancellation closes the channel and rejects with CancelledError.
 */
export async function withScp<T>(
  client: Client,
  command: string,
  signal: AbortSignal,
  run: (session: ScpSession) => Promise<T>,
): Promise<T> {
  if (signal.aborted) throw new CancelledError();
  const channel = await openChannel(client, command);
  let stderr = '';
  channel.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-STDERR_KEPT);
  });
  let exitCode: number | null | undefined;
  channel.on('exit', (code: number | null) => (exitCode = code));
  const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
  const reader = new ScpReader(channel, () => new Ended('the remote scp ended early'));
  const onAbort = (): void => {
    reader.fail(new CancelledError());
    channel.close();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const write = (data: Buffer): Promise<void> => {
    if (signal.aborted) return Promise.reject(new CancelledError());
    // ssh2 ends the writable side when the remote closes: a write then never drains.
    if (channel.destroyed || channel.writableEnded)
      return Promise.reject(new Ended('the remote scp ended early'));
    if (channel.write(data)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        channel.off('drain', done);
        channel.off('close', done);
        channel.off('finish', done);
        signal.removeEventListener('abort', done);
        if (signal.aborted) reject(new CancelledError());
        else if (channel.destroyed || channel.writableEnded) reject(new Ended('the remote scp ended early'));
        else resolve();
      };
      channel.on('drain', done);
      channel.on('close', done);
      channel.on('finish', done);
      signal.addEventListener('abort', done, { once: true });
    });
  };
  const failure = (): Error => {
    const said = stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !VERBOSE.test(l))
      .join('\n');
    if (exitCode === 127) {
      return new Error(
        'SCP failed to start. This usually means that SCP is not\nproperly installed on the remote system.' +
          (said ? `\n${said}` : ''),
      );
    }
    const status =
      exitCode === undefined || exitCode === null ? 'without an exit status' : `with status ${exitCode}`;
    return new Error(`the remote scp (${command}) exited ${status}${said ? `: ${said}` : ''}`);
  };
  try {
    const result = await run({ reader, write });
    channel.end();
    await closed;
    if (signal.aborted) throw new CancelledError();
    if (exitCode !== 0) throw failure();
    return result;
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    if (e instanceof Ended) {
      await closed;
      throw failure();
    }
    channel.close();
    if (e instanceof ScpRemoteError) throw new Error(e.message, { cause: e });
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
