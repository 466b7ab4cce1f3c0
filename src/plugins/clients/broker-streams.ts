import type { Readable } from 'node:stream';

import type { MuxBroker } from '../rpc';
import type { YamuxStream } from '../yamux';

/**
 * The SDK's serveSingleCopy, Kiln's side: a byte stream of a call (a command's stdin, stdout or
 * stderr, an upload's data, a download's) lives on its own brokered stream. Kiln picks the id and
 * accepts; the plugin dials it while it serves the call; the data flows one way until the sender
 * half-closes. Nothing is held whole: chunks pass through with the stream's own backpressure
 * (yamux's receive window stalls the plugin while Kiln's consumer is behind).
 *
 * The accept is registered before the call that names its id is sent (the plugin may dial at
 * once). A transfer is a handle, so the caller can abandon it when the call fails without the
 * plugin ever dialling (the accept would otherwise only end with the broker's timeout).
 */
export interface Transfer {
  /** Resolves once the data has passed whole; rejects if the stream fails or is abandoned. */
  readonly done: Promise<void>;
  /** Gives the transfer up: the stream (if dialled) is reset, `done` rejects with `reason`. */
  abandon(reason: Error): void;
}

/** Kiln's own end of a transfer failed (the file read, the destination written), not the stream. */
export class LocalStreamError extends Error {
  override readonly name = 'LocalStreamError';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Accepts `id` and hands each chunk the plugin sends to `onChunk`, awaiting it before the next. */
export function receiveFrom(
  broker: MuxBroker,
  id: number,
  onChunk: (chunk: Buffer) => Promise<void> | undefined | void,
): Transfer {
  return transfer(broker, id, async (stream) => {
    stream.end(); // nothing goes the other way
    for await (const chunk of stream) {
      try {
        await onChunk(chunk as Buffer);
      } catch (err) {
        throw new LocalStreamError(err);
      }
    }
  });
}

/** Accepts `id` and sends `source` to the plugin, then half-closes (its EOF). */
export function sendTo(broker: MuxBroker, id: number, source: Readable): Transfer {
  return transfer(broker, id, async (stream) => {
    // The plugin closes its side once it has read our EOF; that end must be read to be seen.
    const peerDone = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
      stream.resume();
    });
    const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw new LocalStreamError(err);
      }
      if (next.done) break;
      if (!stream.write(next.value)) await drained(stream);
    }
    stream.end();
    await peerDone;
  });
}

/** Accepts `id` and collects what the plugin sends, up to `limit` bytes (a small reply). */
export function collectFrom(broker: MuxBroker, id: number, limit: number): Transfer & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  let size = 0;
  const t = receiveFrom(broker, id, (chunk) => {
    size += chunk.length;
    if (size > limit) throw new Error(`more than ${limit} bytes on a reply stream`);
    chunks.push(chunk);
  });
  return { ...t, bytes: () => Buffer.concat(chunks) };
}

function transfer(broker: MuxBroker, id: number, body: (stream: YamuxStream) => Promise<void>): Transfer {
  let stream: YamuxStream | undefined;
  let abandoned: Error | undefined;
  let rejectAbandoned: (err: Error) => void = () => undefined;
  const whenAbandoned = new Promise<never>((_, reject) => (rejectAbandoned = reject));
  whenAbandoned.catch(() => undefined);
  const accepted = broker.accept(id).then((s) => {
    stream = s;
    // Dialled after the transfer was given up: nobody will read or write it.
    if (abandoned) s.destroy();
    return s;
  });
  const run = async (): Promise<void> => {
    const s = await Promise.race([accepted, whenAbandoned]);
    s.on('error', () => undefined); // reported by the body's reads and writes
    try {
      await Promise.race([body(s), whenAbandoned]);
    } catch (err) {
      s.destroy();
      throw err;
    }
  };
  const done = run();
  done.catch(() => undefined); // the caller awaits it or abandons it; neither may go unhandled
  return {
    done,
    abandon(reason) {
      if (abandoned) return;
      abandoned = reason;
      stream?.destroy();
      rejectAbandoned(reason);
    },
  };
}

function drained(stream: YamuxStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onError);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('stream closed'));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
    stream.once('error', onError);
  });
}
