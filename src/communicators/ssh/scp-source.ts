import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { CancelledError } from '../../engine/abort';

/**
 * scp announces a file's size before its bytes, so an upload needs the size first. Known sizes come
 * from the caller (FileMode.size) or from the file a read stream opens; otherwise the source is
 * read ahead: a small one (an inline script) into memory, a larger one into a temporary file, as
 * Packer spools it — never the whole of a large source in memory.
 */

/** Read into memory up to this much before spilling to a temporary file. */
const IN_MEMORY = 1024 * 1024;

export interface SizedSource {
  readonly size: number;
  readonly stream: Readable;
  /** Removes a temporary file, if one was made. */
  dispose(): void;
}

/** The size of the file a plain fs read stream reads whole, if that is what `source` is. */
function fileStreamSize(source: Readable): number | undefined {
  if (!(source instanceof fs.ReadStream)) return undefined;
  const s = source as fs.ReadStream & { start?: number; end?: number };
  if (typeof s.path !== 'string' || s.start !== undefined || (s.end !== undefined && s.end !== Infinity)) {
    return undefined;
  }
  if (s.bytesRead > 0) return undefined;
  return fs.statSync(s.path).size;
}

export async function sizedSource(
  source: Readable,
  size: number | undefined,
  signal: AbortSignal,
): Promise<SizedSource> {
  const known = size ?? fileStreamSize(source);
  if (known !== undefined) return { size: known, stream: source, dispose: () => undefined };
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let length = 0;
  while (length <= IN_MEMORY) {
    if (signal.aborted) {
      source.destroy();
      throw new CancelledError();
    }
    const next = await iterator.next();
    if (next.done) {
      return { size: length, stream: Readable.from(head), dispose: () => undefined };
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    length += chunk.length;
  }
  // Too large to hold: the head and the rest go to a temporary file, read back as a stream.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-scp-'));
  const file = path.join(dir, 'upload');
  const rest = Readable.from(
    (async function* () {
      yield* head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  );
  const dispose = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    // The signal reaches the spooling too: a source that never ends is stopped by cancellation.
    await pipeline(rest, fs.createWriteStream(file, { mode: 0o600 }), { signal });
    return { size: fs.statSync(file).size, stream: fs.createReadStream(file), dispose };
  } catch (e) {
    dispose();
    source.destroy();
    if (signal.aborted) throw new CancelledError();
    throw e;
  }
}
