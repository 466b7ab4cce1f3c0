import { ExtData, encode } from '@msgpack/msgpack';

import { decodeCtyMsgpack, typeFromJson } from '../../src/plugins/hcl-spec';
import { formatNumber } from '../../src/values/number-format';
import { typeString } from '../../src/values/types';
import type { Value } from '../../src/values/value';

/**
 * go-cty's msgpack as a data source's Execute returns it (marshalled against the dynamic type),
 * written here byte by byte as cty/msgpack writes it.
 */

const dynamic = (typeJson: unknown, value: unknown): Uint8Array =>
  encode([Buffer.from(JSON.stringify(typeJson)), value], { useBigInt64: true });

const plain = (v: Value): unknown => {
  if (!v.isKnown()) return '<unknown>';
  if (v.isNull()) return null;
  switch (v.type.kind) {
    case 'string':
      return v.asString();
    case 'number':
      return formatNumber(v.asNumber());
    case 'bool':
      return v.asBool();
    case 'list':
    case 'set':
    case 'tuple':
      return v.elements().map(plain);
    default:
      return Object.fromEntries([...v.entries()].map(([k, e]) => [k, plain(e)]));
  }
};

describe('cty msgpack', () => {
  it('decodes a dynamic value by the type it carries', () => {
    const v = decodeCtyMsgpack(
      dynamic(
        [
          'object',
          { foo: 'string', n: 'number', ok: 'bool', tags: ['map', 'string'], ids: ['list', 'number'] },
        ],
        {
          foo: 'foo-dee',
          n: 3,
          ok: true,
          tags: { a: 'b' },
          ids: [1, 2.5],
        },
      ),
    );
    expect(typeString(v.type)).toBe(
      'object({foo=string, ids=list(number), n=number, ok=bool, tags=map(string)})',
    );
    expect(plain(v)).toEqual({ foo: 'foo-dee', n: '3', ok: true, tags: { a: 'b' }, ids: ['1', '2.5'] });
  });

  it('keeps numbers exact: 64-bit integers, and the decimal text cty writes for others', () => {
    const v = decodeCtyMsgpack(
      dynamic(['tuple', ['number', 'number']], [2n ** 62n + 1n, '0.1000000000000000000001']),
    );
    expect(plain(v)).toEqual(['4611686018427387905', '0.1000000000000000000001']);
  });

  it('reads nil as null and the unknown extension as unknown, of the expected type', () => {
    const v = decodeCtyMsgpack(
      dynamic(['object', { a: 'string', b: ['set', 'string'] }], {
        a: null,
        b: new ExtData(0, new Uint8Array([0])),
      }),
    );
    expect(plain(v)).toEqual({ a: null, b: '<unknown>' });
    expect(typeString(v.type)).toBe('object({a=string, b=set(string)})');
  });

  it('refuses what is not cty msgpack', () => {
    expect(() => decodeCtyMsgpack(encode('x'))).toThrow(
      'a value of dynamic type is not a [type, value] pair',
    );
    expect(() => decodeCtyMsgpack(dynamic('bool', 'yes'))).toThrow('expected a bool, got string');
    expect(() => typeFromJson(['capsule', 'x'])).toThrow('unsupported cty type');
  });
});
