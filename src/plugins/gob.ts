/**
 * The one gob message of the plugin protocol: packer-plugin-sdk's rpc.CommandFinished{ExitStatus
 * int}, which a Communicator.Start server writes with encoding/gob on the response stream once the
 * remote command exits. Everything else travels as msgpack; this struct never moved, so Kiln reads
 * and writes exactly the bytes Go's encoder produces for it, by hand.
 *
 * A gob stream is a sequence of messages, each a uint byte count then a signed type id: a negative
 * id defines that type (a wireType), a positive one carries a value of it. Go sends the definition
 * of CommandFinished first, then the value; a struct value is its non-zero fields, each as the
 * delta from the previous field number, then 0.
 */

/** Go's predefined type id of `int` in a gob stream. */
const GOB_INT_ID = 2;
/** gob's predefined bool, int and uint. */
const SCALAR_IDS: ReadonlySet<number> = new Set([1, GOB_INT_ID, 3]);
/** The id Go's encoder gives the first type it defines on a stream (the first free id). */
const FIRST_USER_TYPE_ID = 64;

/** The bytes Go's encoder writes for `&CommandFinished{status}` on a fresh stream. */
export function encodeCommandFinished(exitStatus: number): Buffer {
  const definition = Buffer.concat([
    gobInt(-FIRST_USER_TYPE_ID),
    gobUint(3), // wireType field 3: StructT
    gobUint(1), // structType field 1: CommonType
    gobUint(1),
    gobString('CommandFinished'),
    gobUint(1),
    gobInt(FIRST_USER_TYPE_ID),
    gobUint(0), // end CommonType
    gobUint(1), // structType field 2: Field
    gobUint(1), // one field
    gobUint(1),
    gobString('ExitStatus'),
    gobUint(1),
    gobInt(GOB_INT_ID),
    gobUint(0), // end fieldType
    gobUint(0), // end structType
    gobUint(0), // end wireType
  ]);
  const value = Buffer.concat([
    gobInt(FIRST_USER_TYPE_ID),
    // gob leaves zero fields out: exit status 0 is the empty struct.
    ...(exitStatus === 0 ? [] : [gobUint(1), gobInt(exitStatus)]),
    gobUint(0),
  ]);
  return Buffer.concat([gobUint(definition.length), definition, gobUint(value.length), value]);
}

export class GobError extends Error {
  override readonly name = 'GobError';
}

/**
 * The exit status in a CommandFinished gob stream (what Go's decoder fills in), or undefined while
 * `bytes` holds less than the definition and the value. The definition is read, not assumed: the
 * status is the field named ExitStatus, wherever the plugin's SDK put it.
 */
export function decodeCommandFinished(bytes: Uint8Array): number | undefined {
  const r = new GobReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const types = new Map<number, StructDef>();
  while (r.remaining() > 0) {
    const length = r.tryUint();
    if (length === undefined || r.remaining() < length) return undefined;
    const message = r.sub(length);
    const id = message.int();
    if (id < 0) {
      types.set(-id, readWireType(message));
      continue;
    }
    const def = types.get(id);
    if (!def) throw new GobError(`gob: value of type id ${id} before its definition`);
    return readStatus(message, def);
  }
  return undefined;
}

interface StructDef {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly id: number }[];
}

function readWireType(r: GobReader): StructDef {
  // Only a struct can be a CommandFinished; wireType's field 3 is StructT.
  if (r.uint() !== 3) throw new GobError('gob: CommandFinished is not defined as a struct');
  let name = '';
  const fields: { name: string; id: number }[] = [];
  let field = 0;
  for (let delta = r.uint(); delta !== 0; delta = r.uint()) {
    field += delta;
    if (field === 1) name = readCommonType(r).name;
    else if (field === 2) {
      const count = r.uint();
      for (let i = 0; i < count; i++) fields.push(readFieldType(r));
    } else throw new GobError(`gob: unexpected structType field ${field}`);
  }
  if (r.uint() !== 0) throw new GobError('gob: wireType has more than StructT');
  return { name, fields };
}

function readCommonType(r: GobReader): { name: string; id: number } {
  let name = '';
  let id = 0;
  let field = 0;
  for (let delta = r.uint(); delta !== 0; delta = r.uint()) {
    field += delta;
    if (field === 1) name = r.string();
    else if (field === 2) id = r.int();
    else throw new GobError(`gob: unexpected CommonType field ${field}`);
  }
  return { name, id };
}

function readFieldType(r: GobReader): { name: string; id: number } {
  // fieldType{Name string; Id typeId} has CommonType's layout.
  return readCommonType(r);
}

function readStatus(r: GobReader, def: StructDef): number {
  const index = def.fields.findIndex((f) => f.name === 'ExitStatus');
  if (index < 0 || def.fields[index].id !== GOB_INT_ID) {
    throw new GobError(`gob: ${def.name || 'the response'} has no int ExitStatus`);
  }
  let status = 0;
  let field = -1;
  for (let delta = r.uint(); delta !== 0; delta = r.uint()) {
    field += delta;
    const ftype = def.fields[field]?.id;
    // bool, int and uint are one gob number each, so fields of those types can be read past;
    // any other would need the whole of gob.
    if (ftype === undefined || !SCALAR_IDS.has(ftype)) throw new GobError(`gob: unexpected field ${field}`);
    const value = r.int();
    if (field === index) status = value;
  }
  return status;
}

class GobReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  remaining(): number {
    return this.buf.length - this.pos;
  }

  sub(length: number): GobReader {
    const r = new GobReader(this.buf.subarray(this.pos, this.pos + length));
    this.pos += length;
    return r;
  }

  /** A uint, or undefined when the buffer ends inside it. */
  tryUint(): number | undefined {
    if (this.remaining() < 1) return undefined;
    const first = this.buf[this.pos];
    if (first < 0x80) {
      this.pos += 1;
      return first;
    }
    const n = 256 - first;
    if (n > 8) throw new GobError('gob: invalid uint');
    if (this.remaining() < 1 + n) return undefined;
    let value = 0n;
    for (let i = 1; i <= n; i++) value = (value << 8n) | BigInt(this.buf[this.pos + i]);
    this.pos += 1 + n;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GobError('gob: uint out of range');
    return Number(value);
  }

  uint(): number {
    const v = this.tryUint();
    if (v === undefined) throw new GobError('gob: message ends inside a number');
    return v;
  }

  /** gob's int: the uint with the sign in its low bit (complemented when set). */
  int(): number {
    const u = this.uint();
    return u % 2 === 1 ? -Math.floor(u / 2) - 1 : u / 2;
  }

  string(): string {
    const n = this.uint();
    if (this.remaining() < n) throw new GobError('gob: message ends inside a string');
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

function gobUint(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  let v = BigInt(n);
  while (v > 0n) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Buffer.from([256 - bytes.length, ...bytes]);
}

function gobInt(n: number): Buffer {
  return gobUint(n < 0 ? -2 * n - 1 : 2 * n);
}

function gobString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([gobUint(b.length), b]);
}
