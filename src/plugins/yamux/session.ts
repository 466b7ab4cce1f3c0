import type { Duplex } from 'node:stream';

import {
  Flag,
  type Frame,
  FrameReader,
  FrameType,
  GoAwayCode,
  YamuxProtocolError,
  encodeHeader,
} from './frame';
import { type StreamHost, YamuxStream } from './stream';

/** Go's yamux: ErrSessionShutdown. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
  constructor(reason?: string) {
    super(reason ? `yamux: session shutdown: ${reason}` : 'yamux: session shutdown');
  }
}

export interface SessionOptions {
  /**
   * The client opens odd stream ids, the server even ones (spec). Packer core is the client of
   * the plugin's server, and so is Kiln.
   */
  readonly role: 'client' | 'server';
  /** Streams the peer opened but nobody accepted yet beyond this are refused with RST (Go: 256). */
  readonly acceptBacklog?: number;
}

/**
 * A yamux session over one connection (a plugin's unix socket): streams multiplexed by id, pings
 * answered (Go's keep-alive pings the peer every 30 s and closes the session when unanswered),
 * go-away on close. Every frame is written whole, so frames of different streams never interleave.
 */
export class YamuxSession {
  private readonly streams = new Map<number, YamuxStream>();
  private readonly reader = new FrameReader();
  private readonly backlog: YamuxStream[] = [];
  private readonly acceptors: { resolve: (s: YamuxStream) => void; reject: (e: Error) => void }[] = [];
  private readonly pings = new Map<number, () => void>();
  private readonly acceptBacklog: number;
  private nextId: number;
  private nextPing = 0;
  private localGoAway = false;
  private remoteGoAway = false;
  private closedWith: Error | undefined;
  private readonly closeListeners: ((err: Error) => void)[] = [];
  private readonly host: StreamHost;

  constructor(
    private readonly conn: Duplex,
    options: SessionOptions,
  ) {
    this.nextId = options.role === 'client' ? 1 : 2;
    this.acceptBacklog = options.acceptBacklog ?? 256;
    this.host = {
      send: (frame, done) => this.send(frame, done),
      forget: (id) => this.streams.delete(id),
    };
    conn.on('data', (chunk: Buffer) => this.receive(chunk));
    conn.on('end', () => this.shutdown(new SessionClosedError('connection closed by the peer')));
    conn.on('close', () => this.shutdown(new SessionClosedError('connection closed')));
    conn.on('error', (err: Error) => this.shutdown(new SessionClosedError(err.message)));
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** How many streams are open (either side not yet closed). */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Runs once when the session ends, with why. */
  onClose(listener: (err: Error) => void): void {
    if (this.closedWith) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }

  /** Opens a stream; data may be written at once (the spec lets it precede the peer's ACK). */
  openStream(): YamuxStream {
    if (this.closedWith) throw this.closedWith;
    if (this.remoteGoAway) throw new SessionClosedError('remote end is not accepting connections');
    const id = this.nextId;
    this.nextId += 2;
    const stream = new YamuxStream(id, this.host, true);
    this.streams.set(id, stream);
    stream.announce();
    return stream;
  }

  /** The next stream the peer opens (already acknowledged). */
  accept(): Promise<YamuxStream> {
    const ready = this.backlog.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => this.acceptors.push({ resolve, reject }));
  }

  /** Round trip of a ping, in milliseconds. */
  ping(): Promise<number> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextPing++ >>> 0;
    const started = process.hrtime.bigint();
    return new Promise((resolve) => {
      this.pings.set(id, () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
      this.send(encodeHeader(FrameType.Ping, Flag.SYN, 0, id));
    });
  }

  /** Go-away (normal), then closes the connection; open streams fail. */
  close(): void {
    if (this.closedWith) return;
    if (!this.localGoAway) {
      this.localGoAway = true;
      this.send(encodeHeader(FrameType.GoAway, 0, 0, GoAwayCode.Normal));
    }
    this.shutdown(new SessionClosedError());
    this.conn.end();
  }

  private send(frame: Buffer, done?: (err?: Error | null) => void): void {
    if (this.closedWith) {
      done?.(this.closedWith);
      return;
    }
    this.conn.write(frame, done);
  }

  private receive(chunk: Buffer): void {
    if (this.closedWith) return;
    try {
      for (const frame of this.reader.push(chunk)) this.handle(frame);
    } catch (err) {
      if (!(err instanceof YamuxProtocolError)) throw err;
      // As Go's yamux: tell the peer why, then drop everything.
      this.send(encodeHeader(FrameType.GoAway, 0, 0, GoAwayCode.ProtocolError));
      this.shutdown(err);
      this.conn.destroy();
    }
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Data:
      case FrameType.WindowUpdate:
        return this.handleStreamFrame(frame);
      case FrameType.Ping:
        return this.handlePing(frame);
      case FrameType.GoAway:
        return this.handleGoAway(frame.length);
    }
  }

  private handleStreamFrame(frame: Frame): void {
    if (frame.flags & Flag.SYN) this.incoming(frame.streamId);
    const stream = this.streams.get(frame.streamId);
    // A frame for a stream we no longer know (we reset it, or it closed): its data is dropped.
    if (!stream) return;
    if (frame.type === FrameType.WindowUpdate) stream.receiveWindowUpdate(frame.flags, frame.length);
    else stream.receiveData(frame.flags, frame.payload ?? Buffer.alloc(0));
  }

  private incoming(id: number): void {
    if (this.localGoAway) {
      this.send(encodeHeader(FrameType.WindowUpdate, Flag.RST, id, 0));
      return;
    }
    if (this.streams.has(id)) throw new YamuxProtocolError(`yamux: duplicate stream declared (${id})`);
    if (this.acceptors.length === 0 && this.backlog.length >= this.acceptBacklog) {
      this.send(encodeHeader(FrameType.WindowUpdate, Flag.RST, id, 0));
      return;
    }
    const stream = new YamuxStream(id, this.host, false);
    this.streams.set(id, stream);
    stream.announce();
    const acceptor = this.acceptors.shift();
    if (acceptor) acceptor.resolve(stream);
    else this.backlog.push(stream);
  }

  private handlePing(frame: Frame): void {
    if (frame.flags & Flag.SYN) {
      this.send(encodeHeader(FrameType.Ping, Flag.ACK, 0, frame.length));
      return;
    }
    const done = this.pings.get(frame.length);
    this.pings.delete(frame.length);
    done?.();
  }

  private handleGoAway(code: number): void {
    if (code === GoAwayCode.Normal) {
      this.remoteGoAway = true;
      return;
    }
    const reason =
      code === GoAwayCode.ProtocolError
        ? 'yamux protocol error'
        : code === GoAwayCode.InternalError
          ? 'remote yamux internal error'
          : 'unexpected go away received';
    this.shutdown(new SessionClosedError(reason));
    this.conn.destroy();
  }

  private shutdown(err: Error): void {
    if (this.closedWith) return;
    this.closedWith = err;
    for (const stream of [...this.streams.values()]) stream.abort(err);
    this.streams.clear();
    for (const acceptor of this.acceptors.splice(0)) acceptor.reject(err);
    for (const stream of this.backlog.splice(0)) stream.abort(err);
    for (const listener of this.closeListeners.splice(0)) listener(err);
  }
}
