/**
 * Just enough of the protobuf wire format to read rpc/hcl_spec.proto's few messages: varints,
 * length-delimited fields, and skipping whatever else a newer SDK might add. A generated codec
 * would bring a runtime dependency for six message types.
 */

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

export interface Field {
  readonly number: number;
  readonly wireType: number;
  /** Varint fields: the value (wide enough for bools, enums and lengths). */
  readonly varint?: number;
  /** Length-delimited fields: the bytes (a string, a nested message, a map entry). */
  readonly bytes?: Uint8Array;
}

export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

/** The fields of one message, in wire order. */
export function* readFields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new ProtobufError('truncated varint');
      const b = buf[pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtobufError('varint too long');
  };
  const skip = (n: number): void => {
    if (pos + n > buf.length) throw new ProtobufError('truncated field');
    pos += n;
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    switch (wireType) {
      case WireType.Varint:
        yield { number, wireType, varint: varint() };
        break;
      case WireType.Bytes: {
        const len = varint();
        const start = pos;
        skip(len);
        yield { number, wireType, bytes: buf.subarray(start, start + len) };
        break;
      }
      case WireType.Fixed64:
        skip(8);
        break;
      case WireType.Fixed32:
        skip(4);
        break;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const readString = (bytes: Uint8Array | undefined): string => (bytes ? utf8.decode(bytes) : '');
