import type { Readable } from 'node:stream';

/**
 * The scp protocol (rcp's, which OpenSSH's `scp -t` / `scp -f` still speak): records are text
 * lines — `C<mode> <size> <name>` a file (its bytes follow, then a status byte), `D<mode> 0 <name>`
 * entering a directory, `E` leaving it, `T…` times (only with -p) — and every step is answered
 * with one status byte: 0 fine, 1 an error, 2 a fatal error, the last two followed by a message
 * line. This module is the codec: building and parsing records, and reading acks, lines and file
 * bytes from a channel with backpressure.
 */

export type ScpRecord =
  | { readonly kind: 'C' | 'D'; readonly mode: number; readonly size: number; readonly name: string }
  | { readonly kind: 'E' }
  | { readonly kind: 'T' };

/** An error the remote scp reported (a status byte 1 or 2 and its message). */
export class ScpRemoteError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
    this.name = 'ScpRemoteError';
  }
}

export const OK = Buffer.from([0]);

/** A name scp can carry: one path component, without a newline (the record's terminator). */
function checkName(name: string): void {
  if (name === '' || name.includes('/') || name.includes('\n')) {
    throw new Error(`scp cannot send a file named ${JSON.stringify(name)}`);
  }
}

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

export function fileRecord(mode: number, size: number, name: string): Buffer {
  checkName(name);
  return Buffer.from(`C${octal(mode)} ${size} ${name}\n`);
}

export function dirRecord(mode: number, name: string): Buffer {
  checkName(name);
  return Buffer.from(`D${octal(mode)} 0 ${name}\n`);
}

export const END_DIR = Buffer.from('E\n');

/** Parses one record line (without its newline). Names may contain spaces: the rest of the line. */
export function parseRecord(line: string): ScpRecord {
  const kind = line[0];
  if (kind === 'E') return { kind: 'E' };
  if (kind === 'T') return { kind: 'T' };
  if (kind === 'C' || kind === 'D') {
    const m = /^[CD]([0-7]{4}) (\d+) (.+)$/s.exec(line);
    const name = m?.[3];
    if (!m || name === undefined || name.includes('/') || name === '.' || name === '..') {
      throw new Error(`scp: cannot parse the remote's record (${JSON.stringify(line)})`);
    }
    return { kind, mode: parseInt(m[1], 8), size: Number(m[2]), name };
  }
  throw new Error(`scp: unexpected answer from the remote (0x${(line.charCodeAt(0) || 0).toString(16)})`);
}

/** Bytes buffered from the channel before it is paused (the remote then waits on the SSH window). */
const HIGH_WATER = 1024 * 1024;
/** The most bytes copy() hands its sink at once. */
const COALESCE_MAX = 256 * 1024;
/** The longest record line accepted (a name is at most a few KiB on any system). */
const MAX_LINE = 64 * 1024;

/**
 * Reads the remote scp's output: status bytes, record lines and file bytes. Chunks are kept as they
 * come (no copies); the channel is paused while more than HIGH_WATER bytes wait to be read, so a
 * slow destination holds the remote back instead of filling memory.
 */
export class ScpReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(
    private readonly stream: Readable,
    /** What to say when the output ends early (the remote's stderr, its exit status). */
    private readonly ended: () => Error,
  ) {
    stream.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.buffered += c.length;
      if (this.buffered > HIGH_WATER) stream.pause();
      this.notify();
    });
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
  }

  /** Makes every pending and later read fail with `e` (cancellation). */
  fail(e: Error): void {
    this.failure ??= e;
    this.notify();
  }

  private finish(): void {
    this.done = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Resolves once at least one byte is buffered; rejects at the end of the output. */
  private async fill(): Promise<void> {
    while (this.buffered === 0) {
      if (this.failure) throw this.failure;
      if (this.done) throw this.ended();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure) throw this.failure;
  }

  private consume(n: number): Buffer {
    const head = this.chunks[0];
    const out = n >= head.length ? head : head.subarray(0, n);
    if (n >= head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.buffered -= out.length;
    if (this.buffered <= HIGH_WATER / 2 && this.stream.isPaused()) this.stream.resume();
    return out;
  }

  /** Up to `max` bytes (at least one), without copying. */
  async take(max: number): Promise<Buffer> {
    await this.fill();
    return this.consume(Math.min(max, this.chunks[0].length));
  }

  async byte(): Promise<number> {
    return (await this.take(1))[0];
  }

  /** One line, without its newline. */
  async line(): Promise<string> {
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      await this.fill();
      const head = this.chunks[0];
      const nl = head.indexOf(10);
      if (nl >= 0) {
        parts.push(this.consume(nl + 1).subarray(0, nl));
        return Buffer.concat(parts).toString('utf8');
      }
      length += head.length;
      if (length > MAX_LINE) throw new Error('scp: the remote sent a record line that never ends');
      parts.push(this.consume(head.length));
    }
  }

  /** One status byte: resolves on 0, throws the remote's message on 1 or 2. */
  async ack(): Promise<void> {
    const code = await this.byte();
    if (code === 0) return;
    if (code === 1 || code === 2) throw new ScpRemoteError((await this.line()).trim(), code === 2);
    throw new Error(`scp: unexpected answer from the remote (0x${code.toString(16)})`);
  }

  /**
   * The next record, or the error the remote sent in its place (a status byte 1 or 2 starts a line
   * as a record would).
   */
  async record(): Promise<ScpRecord> {
    const line = await this.line();
    const code = line.charCodeAt(0);
    if (code === 1 || code === 2) throw new ScpRemoteError(line.slice(1).trim(), code === 2);
    return parseRecord(line);
  }

  /** Everything buffered, up to `max` bytes (at least one), as one buffer. */
  private async takeAll(max: number): Promise<Buffer> {
    await this.fill();
    if (this.chunks.length === 1 || this.chunks[0].length >= max) return this.take(max);
    const parts: Buffer[] = [];
    let length = 0;
    while (this.chunks.length > 0 && length < max) {
      const part = this.consume(Math.min(max - length, this.chunks[0].length));
      parts.push(part);
      length += part.length;
    }
    return Buffer.concat(parts, length);
  }

  /**
   * Passes exactly `size` bytes to `sink` as they come (awaiting it: backpressure). What arrived
   * while the sink was busy goes to it in one call: the channel delivers SSH packets of ~32 KiB, and
   * a file stream given one packet at a time makes a write (a thread-pool round trip) per packet.
   */
  async copy(size: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    let left = size;
    while (left > 0) {
      const chunk = await this.takeAll(Math.min(left, COALESCE_MAX));
      left -= chunk.length;
      await sink(chunk);
    }
  }
}
