/**
 * yamux frames (hashicorp/yamux spec.md): a 12-byte big-endian header — version, type, flags,
 * stream id, length — followed, for data frames only, by `length` bytes of payload. For the other
 * types the length is a value (window delta, ping opaque, go-away code), never a payload size.
 */

export const HEADER_SIZE = 12;

/** The only version hashicorp/yamux speaks; anything else is a protocol error. */
export const PROTO_VERSION = 0;

export const FrameType = {
  Data: 0,
  WindowUpdate: 1,
  Ping: 2,
  GoAway: 3,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const Flag = {
  SYN: 1,
  ACK: 2,
  FIN: 4,
  RST: 8,
} as const;

export const GoAwayCode = {
  Normal: 0,
  ProtocolError: 1,
  InternalError: 2,
} as const;

/** Every stream starts with this window in both directions (no SYN/ACK negotiation needed). */
export const INITIAL_WINDOW = 256 * 1024;

export interface FrameHeader {
  readonly version: number;
  readonly type: FrameType;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
}

export interface Frame extends FrameHeader {
  /** Present (possibly empty) on data frames only. */
  readonly payload?: Buffer;
}

export function encodeHeader(type: FrameType, flags: number, streamId: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(HEADER_SIZE);
  b.writeUInt8(PROTO_VERSION, 0);
  b.writeUInt8(type, 1);
  b.writeUInt16BE(flags, 2);
  b.writeUInt32BE(streamId >>> 0, 4);
  b.writeUInt32BE(length >>> 0, 8);
  return b;
}

/** A data frame as one buffer, so a frame is never interleaved with another on the socket. */
export function encodeData(flags: number, streamId: number, payload: Buffer): Buffer {
  return Buffer.concat([encodeHeader(FrameType.Data, flags, streamId, payload.length), payload]);
}

export function decodeHeader(b: Buffer, offset = 0): FrameHeader {
  return {
    version: b.readUInt8(offset),
    type: b.readUInt8(offset + 1) as FrameType,
    flags: b.readUInt16BE(offset + 2),
    streamId: b.readUInt32BE(offset + 4),
    length: b.readUInt32BE(offset + 8),
  };
}

export class YamuxProtocolError extends Error {
  override readonly name = 'YamuxProtocolError';
}

/**
 * Cuts a byte stream into frames. Bytes arrive in arbitrary chunks from the socket; a frame is
 * delivered only once its header and (for data) its whole payload are here.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Appends bytes and returns the frames now complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < HEADER_SIZE) break;
      const header = decodeHeader(this.peek(HEADER_SIZE));
      if (header.version !== PROTO_VERSION) {
        throw new YamuxProtocolError(`yamux: invalid protocol version ${header.version}`);
      }
      if (header.type > FrameType.GoAway) {
        throw new YamuxProtocolError(`yamux: invalid message type ${header.type}`);
      }
      const payloadSize = header.type === FrameType.Data ? header.length : 0;
      if (this.buffered < HEADER_SIZE + payloadSize) break;
      this.take(HEADER_SIZE);
      frames.push(header.type === FrameType.Data ? { ...header, payload: this.take(payloadSize) } : header);
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    const head = this.chunks[0];
    const out = head.subarray(0, n);
    if (head.length === n) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.buffered -= n;
    return out;
  }
}
