import { decodeConfigSpec, encodeConfigValue, impliedType } from '../../src/plugins/hcl-spec';

/**
 * hcl_spec.proto messages built field by field (what protoc's Go output writes for the SDK's
 * ToProto), decoded into Kiln's spec tree.
 */

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  return [...out, n];
};
const bytes = (field: number, b: number[]): number[] => [...varint(field * 8 + 2), ...varint(b.length), ...b];
const str = (field: number, s: string): number[] => bytes(field, [...Buffer.from(s)]);
const bool = (field: number, v: boolean): number[] => (v ? [...varint(field * 8), 1] : []);

const prim = (t: string): number[] => bytes(1, str(1, t)); // CtyType{primitive}
const list = (el: number[]): number[] => bytes(2, bytes(1, el)); // CtyType{list{elementType}}
const map = (el: number[]): number[] => bytes(3, bytes(1, el));
const attr = (name: string, type: number[], required = false): number[] =>
  bytes(2, [...str(1, name), ...bytes(2, type), ...bool(3, required)]); // Spec{attr}
const object = (entries: [string, number[]][]): number[] =>
  bytes(
    1,
    entries.flatMap(([k, spec]) => bytes(1, [...str(1, k), ...bytes(2, spec)])),
  ); // Spec{object}
const block = (name: string, nested: number[], required = false): number[] =>
  bytes(3, [...str(1, name), ...bool(2, required), ...bytes(3, nested)]);
const blockList = (name: string, nested: number[]): number[] =>
  bytes(4, [...str(1, name), ...bytes(2, nested)]);

describe('hcl spec from protobuf', () => {
  it('decodes attributes of every type, blocks and block lists', () => {
    const spec = Uint8Array.from(
      object([
        ['image', attr('image', prim('cty.String'), true)],
        ['commit', attr('commit', prim('cty.Bool'))],
        ['changes', attr('changes', list(prim('cty.String')))],
        ['run_command', attr('run_command', list(prim('cty.String')))],
        ['fix_upload_owner', attr('fix_upload_owner', prim('cty.Number'))],
        ['env', attr('env', map(prim('cty.String')))],
        ['aws', block('aws', object([['region', attr('region', prim('cty.String'))]]))],
        ['mounts', blockList('mounts', object([['size', attr('size', prim('cty.Number'))]]))],
      ]),
    );
    const decoded = decodeConfigSpec(spec);
    expect(decoded.attributes.image).toEqual({
      kind: 'attr',
      name: 'image',
      required: true,
      type: { kind: 'primitive', name: 'string' },
    });
    expect(decoded.attributes.changes).toMatchObject({
      type: { kind: 'list', element: { kind: 'primitive', name: 'string' } },
    });
    expect(decoded.attributes.env).toMatchObject({ type: { kind: 'map', element: { name: 'string' } } });
    expect(decoded.attributes.commit).toMatchObject({ required: false, type: { name: 'bool' } });
    expect(decoded.attributes.aws).toEqual({
      kind: 'block',
      name: 'aws',
      required: false,
      nested: {
        kind: 'object',
        attributes: {
          region: {
            kind: 'attr',
            name: 'region',
            required: false,
            type: { kind: 'primitive', name: 'string' },
          },
        },
      },
    });
    expect(decoded.attributes.mounts).toMatchObject({
      kind: 'blockList',
      name: 'mounts',
      nested: { kind: 'object' },
    });
    expect(Object.keys(decoded.attributes)).toHaveLength(8);
  });

  it('skips fields it does not know, as protobuf readers must', () => {
    const unknown = [...varint(9 * 8), 5, ...varint(10 * 8 + 5), 1, 2, 3, 4];
    const spec = Uint8Array.from([...object([['a', attr('a', prim('cty.String'))]]), ...unknown]);
    expect(Object.keys(decodeConfigSpec(spec).attributes)).toEqual(['a']);
  });

  it('refuses what the SDK would refuse', () => {
    expect(() => decodeConfigSpec(Uint8Array.from(attr('a', prim('cty.String'))))).toThrow(
      'decoded HCL spec is not an object spec: attr',
    );
    expect(() =>
      decodeConfigSpec(Uint8Array.from(object([['a', attr('a', prim('cty.DynamicPseudoType'))]]))),
    ).toThrow(
      'failed to unmarshal hclspec.Spec from raw protobuf: unsupported cty.Type: cty.DynamicPseudoType',
    );
    expect(() => decodeConfigSpec(Uint8Array.from([0x0a, 0x05, 0x01]))).toThrow('truncated field');
  });
});

describe('config values as cty JSON', () => {
  const spec = decodeConfigSpec(
    Uint8Array.from(
      object([
        ['image', attr('image', prim('cty.String'))],
        ['changes', attr('changes', list(prim('cty.String')))],
        ['env', attr('env', map(prim('cty.Number')))],
        ['aws', block('aws', object([['region', attr('region', prim('cty.String'))]]))],
        ['mounts', blockList('mounts', object([['size', attr('size', prim('cty.Number'))]]))],
      ]),
    ),
  );

  it('gives the type hcldec decodes the spec to', () => {
    expect(impliedType(spec)).toEqual([
      'object',
      {
        image: 'string',
        changes: ['list', 'string'],
        env: ['map', 'number'],
        aws: ['object', { region: 'string' }],
        mounts: ['list', ['object', { size: 'number' }]],
      },
    ]);
  });

  it('writes every attribute, unset ones null, with the type beside the value', () => {
    const bytes = encodeConfigValue(spec, { image: 'debian', changes: ['ENV A=1'] });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(Buffer.from(bytes).toString())).toEqual({
      value: { image: 'debian', changes: ['ENV A=1'], env: null, aws: null, mounts: null },
      type: impliedType(spec),
    });
    expect(() => encodeConfigValue(spec, { imagee: 'x' })).toThrow(
      'An argument named "imagee" is not expected here.',
    );
  });
});
