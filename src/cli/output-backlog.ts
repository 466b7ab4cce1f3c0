import type { Writable } from 'node:stream';

import type { OutputBacklog } from '../engine/output-pacing';

/**
 * How far the reader of Kiln's output may fall behind before commands are paused: enough that
 * pausing is rare on a live terminal or a log file, small beside what a chatty provisioner prints.
 */
export const OUTPUT_BACKLOG_LIMIT = 1024 * 1024;

/**
 * The backlog of a stream Kiln writes its output to (standard output): a promise while more than
 * `limit` bytes are queued in it, resolving when the stream has drained (or closed: a reader that
 * went away is no reason to wait). Every caller waiting at the same time shares one promise.
 */
export function writableBacklog(stream: Writable, limit = OUTPUT_BACKLOG_LIMIT): OutputBacklog {
  let waiting: Promise<void> | undefined;
  return () => {
    if (waiting !== undefined) return waiting;
    // 'drain' comes only after a write that found the buffer full, which a backlog past the limit implies.
    if (stream.destroyed || !stream.writableNeedDrain || stream.writableLength < limit) return undefined;
    waiting = new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        waiting = undefined;
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
    return waiting;
  };
}
