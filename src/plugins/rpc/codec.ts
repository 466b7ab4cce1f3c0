import type { Readable } from 'node:stream';

import { decodeMultiStream, encode } from '@msgpack/msgpack';

/**
 * Go's net/rpc messages as packer-plugin-sdk writes them: ugorji's GoRpc codec with a
 * MsgpackHandle{WriteExt: true}. Each message is two msgpack values back to back, no framing — the
 * header (rpc.Request or rpc.Response, a Go struct, so a map keyed by field name), then the body
 * (the call's argument or reply). WriteExt selects msgpack's current spec: Go strings travel as
 * str and []byte as bin, which is exactly how @msgpack/msgpack maps JS strings and Uint8Arrays, so
 * str vs bin stays exact in both directions with no option to set.
 */

/** rpc.Request: ServiceMethod is "Service.Method"; Seq pairs the response with its call. */
export interface RequestHeader {
  readonly ServiceMethod: string;
  readonly Seq: number;
}

/** rpc.Response: Error is "" on success, else the server's error text (and the body is junk). */
export interface ResponseHeader {
  readonly ServiceMethod: string;
  readonly Seq: number;
  readonly Error: string;
}

/** One message (header and body) as one buffer, so concurrent calls never interleave bytes. */
export function encodeMessage(header: RequestHeader | ResponseHeader, body: unknown): Buffer {
  const h = encode(header);
  const b = encode(body);
  return Buffer.concat([h, b], h.length + b.length);
}

/**
 * What net/rpc's server puts after an error response: its `invalidRequest` (a struct{}{}), which
 * the msgpack handle writes as an empty map.
 */
export const INVALID_REQUEST_BODY: Readonly<Record<string, never>> = Object.freeze({});

/** Message pairs from a stream, until it ends; a malformed header ends it with an error. */
export async function* readMessages<H>(
  stream: Readable,
  isHeader: (value: unknown) => value is H,
): AsyncGenerator<{ header: H; body: unknown }, void, undefined> {
  let header: H | undefined;
  for await (const value of decodeMultiStream(stream)) {
    if (header === undefined) {
      if (!isHeader(value)) throw new Error(`rpc: malformed message header: ${describe(value)}`);
      header = value;
    } else {
      yield { header, body: value };
      header = undefined;
    }
  }
  if (header !== undefined) throw new Error('rpc: stream ended between a header and its body');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

export const isRequestHeader = (v: unknown): v is RequestHeader =>
  isRecord(v) && typeof v.ServiceMethod === 'string' && typeof v.Seq === 'number';

export const isResponseHeader = (v: unknown): v is ResponseHeader =>
  isRequestHeader(v) && typeof (v as unknown as Record<string, unknown>).Error === 'string';

function describe(v: unknown): string {
  const text = JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? `<${x.length} bytes>` : x));
  return text === undefined ? String(v) : text.slice(0, 200);
}
