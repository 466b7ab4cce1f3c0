import { type Field, ProtobufError, readFields, readString } from './protobuf';

/**
 * A component's configuration schema as a plugin sends it (`<Component>.ConfigSpec`, and
 * `Datasource.OutputSpec`): an hcldec.ObjectSpec serialised with rpc/hcl_spec.proto. These types
 * mirror the four hcldec spec kinds and three cty type kinds the SDK can put on the wire.
 */

export type CtyType =
  | { readonly kind: 'primitive'; readonly name: 'string' | 'bool' | 'number' }
  | { readonly kind: 'list'; readonly element: CtyType }
  | { readonly kind: 'map'; readonly element: CtyType };

export type HclSpec =
  | { readonly kind: 'object'; readonly attributes: Readonly<Record<string, HclSpec>> }
  | { readonly kind: 'attr'; readonly name: string; readonly type: CtyType; readonly required: boolean }
  | { readonly kind: 'block'; readonly name: string; readonly required: boolean; readonly nested: HclSpec }
  | { readonly kind: 'blockList'; readonly name: string; readonly nested: HclSpec };

export type ObjectSpec = Extract<HclSpec, { kind: 'object' }>;

/** The ConfigSpec bytes of a component, which the SDK always roots in an object spec. */
export function decodeConfigSpec(bytes: Uint8Array): ObjectSpec {
  let spec: HclSpec;
  try {
    spec = decodeSpec(bytes);
  } catch (err) {
    if (!(err instanceof ProtobufError)) throw err;
    throw new Error(`failed to unmarshal hclspec.Spec from raw protobuf: ${err.message}`);
  }
  if (spec.kind !== 'object') throw new Error(`decoded HCL spec is not an object spec: ${spec.kind}`);
  return spec;
}

// Field numbers from hcl_spec.proto.
const SPEC = { object: 1, attr: 2, block: 3, blockList: 4 };

function decodeSpec(bytes: Uint8Array): HclSpec {
  let spec: HclSpec | undefined;
  for (const f of readFields(bytes)) {
    // A oneof: the last one on the wire wins, as in protobuf.
    if (f.number === SPEC.object) spec = decodeObject(need(f));
    else if (f.number === SPEC.attr) spec = decodeAttr(need(f));
    else if (f.number === SPEC.block) spec = decodeBlock(need(f));
    else if (f.number === SPEC.blockList) spec = decodeBlockList(need(f));
  }
  if (!spec) throw new ProtobufError('spec with no block set');
  return spec;
}

function decodeObject(bytes: Uint8Array): HclSpec {
  const attributes: Record<string, HclSpec> = {};
  for (const f of readFields(bytes)) {
    if (f.number !== 1) continue;
    // A map<string, Spec> entry: key = 1, value = 2.
    let key = '';
    let value: HclSpec | undefined;
    for (const e of readFields(need(f))) {
      if (e.number === 1) key = readString(need(e));
      else if (e.number === 2) value = decodeSpec(need(e));
    }
    if (!value) throw new ProtobufError(`object attribute "${key}" has no spec`);
    attributes[key] = value;
  }
  return { kind: 'object', attributes };
}

function decodeAttr(bytes: Uint8Array): HclSpec {
  let name = '';
  let type: CtyType | undefined;
  let required = false;
  for (const f of readFields(bytes)) {
    if (f.number === 1) name = readString(need(f));
    else if (f.number === 2) type = decodeType(need(f));
    else if (f.number === 3) required = (f.varint ?? 0) !== 0;
  }
  if (!type) throw new ProtobufError(`attribute "${name}" has no type`);
  return { kind: 'attr', name, type, required };
}

function decodeBlock(bytes: Uint8Array): HclSpec {
  let name = '';
  let required = false;
  let nested: HclSpec | undefined;
  for (const f of readFields(bytes)) {
    if (f.number === 1) name = readString(need(f));
    else if (f.number === 2) required = (f.varint ?? 0) !== 0;
    else if (f.number === 3) nested = decodeSpec(need(f));
  }
  if (!nested) throw new ProtobufError(`block "${name}" has no nested spec`);
  return { kind: 'block', name, required, nested };
}

function decodeBlockList(bytes: Uint8Array): HclSpec {
  let name = '';
  let nested: HclSpec | undefined;
  for (const f of readFields(bytes)) {
    if (f.number === 1) name = readString(need(f));
    else if (f.number === 2) nested = decodeSpec(need(f));
  }
  if (!nested) throw new ProtobufError(`block list "${name}" has no nested spec`);
  return { kind: 'blockList', name, nested };
}

const PRIMITIVES: Readonly<Record<string, 'string' | 'bool' | 'number'>> = {
  'cty.String': 'string',
  'cty.Bool': 'bool',
  'cty.Number': 'number',
};

function decodeType(bytes: Uint8Array): CtyType {
  let type: CtyType | undefined;
  for (const f of readFields(bytes)) {
    if (f.number === 1) {
      let typeString = '';
      for (const p of readFields(need(f))) if (p.number === 1) typeString = readString(need(p));
      const name = PRIMITIVES[typeString];
      if (!name) throw new ProtobufError(`unsupported cty.Type: ${typeString}`);
      type = { kind: 'primitive', name };
    } else if (f.number === 2 || f.number === 3) {
      let element: CtyType | undefined;
      for (const e of readFields(need(f))) if (e.number === 1) element = decodeType(need(e));
      if (!element) throw new ProtobufError('collection type without element type');
      type = { kind: f.number === 2 ? 'list' : 'map', element };
    }
  }
  if (!type) throw new ProtobufError('cty type with no definition');
  return type;
}

/** The bytes of a length-delimited field; a field of the wrong wire type is malformed input. */
function need(f: Field): Uint8Array {
  if (!f.bytes) throw new ProtobufError(`field ${f.number} is not length-delimited`);
  return f.bytes;
}
