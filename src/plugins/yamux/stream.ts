import { Duplex } from 'node:stream';

import { Flag, FrameType, INITIAL_WINDOW, YamuxProtocolError, encodeData, encodeHeader } from './frame';

/** What a stream needs from its session: a way to put frames on the wire, and to be forgotten. */
export interface StreamHost {
  /** Queues one whole frame; `done` runs once the socket took it (backpressure for writers). */
  send(frame: Buffer, done?: (err?: Error | null) => void): void;
  /** The stream is closed both ways or reset: the session drops it from its table. */
  forget(id: number): void;
}

/** Error of a stream the peer reset (Go's yamux: "connection reset"). */
export class StreamResetError extends Error {
  override readonly name = 'StreamResetError';
  constructor(readonly streamId: number) {
    super(`yamux: stream ${streamId}: connection reset`);
  }
}

type Opening = 'syn' | 'ack' | 'none';

/**
 * One yamux stream as a Node Duplex, so consumers get Node's own backpressure on both sides:
 *
 * - writing: a write waits for send window (the peer's receive window) and is cut into data frames
 *   no bigger than it; a window update from the peer resumes it. Go's yamux treats a frame larger
 *   than its window as a protocol error and kills the whole session, so this must be exact.
 * - reading: the receive window shrinks as frames arrive and grows back (window update) as the
 *   consumer drains the readable buffer, with Go's rule — update only once at least half the
 *   window is free — so a slow consumer stalls the peer instead of growing memory.
 * - end() is yamux's half-close (FIN); destroy() before both sides closed is a reset (RST).
 */
export class YamuxStream extends Duplex {
  private sendWindow = INITIAL_WINDOW;
  private recvWindow = INITIAL_WINDOW;
  /** The SYN (we opened it) or ACK (the peer did) still to ride on our first frame. */
  private opening: Opening;
  private localClosed = false;
  private remoteClosed = false;
  private reset = false;
  private pending: { chunk: Buffer; done: (err?: Error | null) => void } | undefined;

  constructor(
    readonly id: number,
    private readonly host: StreamHost,
    openedLocally: boolean,
  ) {
    super({ allowHalfOpen: true });
    this.opening = openedLocally ? 'syn' : 'ack';
  }

  /**
   * Announces the stream (SYN) or accepts it (ACK) with an empty window update, as Go's
   * OpenStream/AcceptStream do, so the peer learns of it before any data.
   */
  announce(): void {
    this.sendWindowUpdate(true);
  }

  // --- frames from the session -----------------------------------------------------------------

  /** A data frame for this stream. Throws YamuxProtocolError when it overruns our window. */
  receiveData(flags: number, payload: Buffer): void {
    if (payload.length > this.recvWindow) {
      throw new YamuxProtocolError(
        `yamux: receive window exceeded (stream: ${this.id}, remain: ${this.recvWindow}, recv: ${payload.length})`,
      );
    }
    // Data that raced a local reset is dropped: nobody will read it.
    if (payload.length > 0 && !this.reset && !this.destroyed) {
      this.recvWindow -= payload.length;
      this.push(payload);
      // A flowing reader takes a chunk pushed into an empty buffer without read(): count it here.
      this.sendWindowUpdate(false);
    }
    this.processFlags(flags);
  }

  /** A window update for this stream: more room to send, and possibly flags. */
  receiveWindowUpdate(flags: number, delta: number): void {
    this.sendWindow += delta;
    this.processFlags(flags);
    this.flushPending();
  }

  /** The session died: everything in flight fails with its error. */
  abort(err: Error): void {
    this.reset = true;
    this.fail(err);
  }

  /**
   * Destroys with the error only when someone listens for it: an 'error' nobody listens to would
   * crash the process, and a stream its owner dropped has no one to tell.
   */
  private fail(err: Error): void {
    this.destroy(this.listenerCount('error') > 0 ? err : undefined);
  }

  private processFlags(flags: number): void {
    if (flags & Flag.RST) {
      this.reset = true;
      this.host.forget(this.id);
      this.fail(new StreamResetError(this.id));
      return;
    }
    if (flags & Flag.FIN && !this.remoteClosed) {
      this.remoteClosed = true;
      this.push(null);
      this.forgetIfClosed();
    }
  }

  private forgetIfClosed(): void {
    if (this.localClosed && this.remoteClosed) this.host.forget(this.id);
  }

  private takeOpeningFlags(): number {
    const flags = this.opening === 'syn' ? Flag.SYN : this.opening === 'ack' ? Flag.ACK : 0;
    this.opening = 'none';
    return flags;
  }

  private sendWindowUpdate(force: boolean): void {
    if (this.reset || this.destroyed) return;
    // Go's rule: what we can accept now is the full window minus what the reader has not taken.
    const delta = INITIAL_WINDOW - this.readableLength - this.recvWindow;
    if (!force && delta < INITIAL_WINDOW / 2 && this.opening === 'none') return;
    const grant = Math.max(delta, 0);
    this.recvWindow += grant;
    this.host.send(encodeHeader(FrameType.WindowUpdate, this.takeOpeningFlags(), this.id, grant));
  }

  // --- Duplex ----------------------------------------------------------------------------------

  /**
   * Node calls _read once and then not again until something is pushed, so it cannot tell when
   * the reader drains the buffer; every consumption goes through read() (flowing mode, 'readable',
   * async iteration), so the window is granted back here.
   */
  override read(size?: number): unknown {
    const chunk: unknown = super.read(size);
    this.sendWindowUpdate(false);
    return chunk;
  }

  override _read(): void {
    // Window updates follow consumption (read() above), not Node's requests for more.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.pending = { chunk, done };
    this.flushPending();
  }

  /** Sends as much of the pending write as the window allows; finishes it when all is sent. */
  private flushPending(): void {
    const pending = this.pending;
    if (!pending) return;
    if (this.reset) {
      this.pending = undefined;
      pending.done(new StreamResetError(this.id));
      return;
    }
    while (pending.chunk.length > 0 && this.sendWindow > 0) {
      const n = Math.min(this.sendWindow, pending.chunk.length);
      const body = pending.chunk.subarray(0, n);
      pending.chunk = pending.chunk.subarray(n);
      this.sendWindow -= n;
      const last = pending.chunk.length === 0;
      if (last) this.pending = undefined;
      // Only the frame completing the write reports back, once the socket has taken it.
      this.host.send(encodeData(this.takeOpeningFlags(), this.id, body), last ? pending.done : undefined);
    }
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.reset) return done(new StreamResetError(this.id));
    this.localClosed = true;
    this.host.send(
      encodeHeader(FrameType.WindowUpdate, this.takeOpeningFlags() | Flag.FIN, this.id, 0),
      done,
    );
    this.forgetIfClosed();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (!this.reset && !(this.localClosed && this.remoteClosed)) {
      // Closing before both halves are done: tell the peer to drop its side too.
      this.reset = true;
      this.host.send(encodeHeader(FrameType.WindowUpdate, Flag.RST, this.id, 0));
    }
    this.host.forget(this.id);
    // A write still waiting for window would otherwise never call back.
    const pending = this.pending;
    this.pending = undefined;
    pending?.done(err ?? new StreamResetError(this.id));
    done(err);
  }
}
