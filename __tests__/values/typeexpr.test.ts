import type { Range } from '../../src/hcl/pos';
import type { Expression, ObjectConsKeyExpr } from '../../src/hcl/syntax/ast';
import { rawEquals } from '../../src/values/equality';
import { applyDefaults, getExactType, getTypeConstraint } from '../../src/values/typeexpr';
import { NumberType, StringType, listOf, objectOf, typeString } from '../../src/values/types';
import { Value } from '../../src/values/value';

// Hand-built syntax trees; each node gets a distinct range so diagnostics' subjects can be checked.
let at = 0;
const r = (len = 1): Range => {
  const start = at;
  at += len + 1;
  return {
    filename: 't.hcl',
    start: { line: 1, column: start + 1, byte: start },
    end: { line: 1, column: start + len + 1, byte: start + len },
  };
};
const kw = (name: string): Expression => ({
  kind: 'ScopeTraversal',
  traversal: [{ kind: 'root', name, range: r() }],
  range: r(),
});
const call = (name: string, ...args: Expression[]): Expression => ({
  kind: 'FunctionCall',
  name,
  args,
  expandFinal: false,
  range: r(),
  nameRange: r(),
  openParenRange: r(),
  closeParenRange: r(),
});
const key = (name: string): ObjectConsKeyExpr => ({
  kind: 'ObjectConsKey',
  wrapped: kw(name),
  forceNonLiteral: false,
  range: r(),
});
const obj = (items: [string, Expression][]): Expression => ({
  kind: 'ObjectCons',
  items: items.map(([k, value]) => ({ key: key(k), value })),
  range: r(),
  openRange: r(),
});
const tuple = (...exprs: Expression[]): Expression => ({
  kind: 'TupleCons',
  exprs,
  range: r(),
  openRange: r(),
});
const str = (value: string): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'string', value },
  range: r(),
});
const numLit = (value: string): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'number', value },
  range: r(),
});

describe('getTypeConstraint: valid types', () => {
  test.each<[string, Expression, string]>([
    ['string', kw('string'), 'string'],
    ['number', kw('number'), 'number'],
    ['bool', kw('bool'), 'bool'],
    ['any', kw('any'), 'any'],
    ['list(string)', call('list', kw('string')), 'list(string)'],
    ['set(number)', call('set', kw('number')), 'set(number)'],
    ['map(any)', call('map', kw('any')), 'map(any)'],
    ['tuple', call('tuple', tuple(kw('string'), kw('bool'))), 'tuple([string, bool])'],
    [
      'object',
      call(
        'object',
        obj([
          ['b', kw('number')],
          ['a', call('list', kw('string'))],
        ]),
      ),
      'object({a=list(string), b=number})',
    ],
    [
      'optional',
      call('object', obj([['a', call('optional', kw('string'))]])),
      'object({a=optional(string)})',
    ],
  ])('%s', (_n, e, want) => {
    const res = getTypeConstraint(e);
    expect(res.diagnostics).toEqual([]);
    expect(typeString(res.type)).toBe(want);
  });
});

describe('getTypeConstraint: diagnostics', () => {
  test.each<[string, () => Expression, string]>([
    [
      'bare list',
      () => kw('list'),
      'The list type constructor requires one argument specifying the element type.',
    ],
    [
      'bare object',
      () => kw('object'),
      'The object type constructor requires one argument specifying the attribute types and values as a map.',
    ],
    [
      'bare tuple',
      () => kw('tuple'),
      'The tuple type constructor requires one argument specifying the element types as a list.',
    ],
    ['unknown keyword', () => kw('strin'), 'The keyword "strin" is not a valid type specification.'],
    ['string()', () => call('string'), 'Primitive type keyword "string" does not expect arguments.'],
    ['any()', () => call('any'), 'Type constraint keyword "any" does not expect arguments.'],
    [
      'list()',
      () => call('list'),
      'The list type constructor requires one argument specifying the element type.',
    ],
    [
      'map(a, b)',
      () => call('map', kw('string'), kw('string')),
      'The map type constructor requires one argument specifying the element type.',
    ],
    [
      'literal',
      () => str('x'),
      'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).',
    ],
    ['foo(x)', () => call('foo', kw('string')), 'Keyword "foo" is not a valid type constructor.'],
    [
      'optional at top',
      () => call('optional', kw('string')),
      'Keyword "optional" is valid only as a modifier for object type attributes.',
    ],
    [
      'object(list)',
      () => call('object', tuple()),
      'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.',
    ],
    ['tuple(map)', () => call('tuple', obj([])), 'Tuple type constructor requires a list of element types.'],
    [
      'duplicate attribute',
      () =>
        call(
          'object',
          obj([
            ['a', kw('string')],
            ['a', kw('number')],
          ]),
        ),
      'Object constructor map keys must be unique.',
    ],
    [
      'optional()',
      () => call('object', obj([['a', call('optional')]])),
      'Optional attribute modifier requires the attribute type as its argument.',
    ],
    [
      'optional with three args',
      () => call('object', obj([['a', call('optional', kw('string'), str('x'), str('y'))]])),
      'Optional attribute modifier expects at most two arguments: the attribute type, and a default value.',
    ],
  ])('%s', (_n, make, detail) => {
    const res = getTypeConstraint(make());
    expect(res.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      ['Invalid type specification', detail],
    ]);
    expect(res.diagnostics[0].subject).toBeDefined();
  });

  test('subject of surplus arguments covers them', () => {
    const second = kw('number');
    const third = kw('bool');
    const res = getTypeConstraint(call('list', kw('string'), second, third));
    expect(res.diagnostics[0].subject?.start).toEqual(second.range.start);
    expect(res.diagnostics[0].subject?.end).toEqual(third.range.end);
  });

  test('"any" is not an exact type', () => {
    const res = getExactType(kw('any'));
    expect(res.diagnostics[0].detail).toBe(
      'The keyword "any" cannot be used in this type specification: an exact type is required.',
    );
  });

  test('incompatible default', () => {
    const res = getTypeConstraint(call('object', obj([['a', call('optional', kw('number'), str('x'))]])));
    expect(res.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'Invalid default value for optional attribute',
        "This default value is not compatible with the attribute's type constraint: a number is required.",
      ],
    ]);
  });
});

describe('defaults', () => {
  const tc = getTypeConstraint(
    call(
      'object',
      obj([
        ['name', kw('string')],
        ['port', call('optional', kw('number'), numLit('22'))],
        ['tags', call('optional', call('list', kw('string')), tuple(str('a')))],
        [
          'nested',
          call(
            'optional',
            call('list', call('object', obj([['x', call('optional', kw('string'), str('dx'))]]))),
          ),
        ],
      ]),
    ),
  );

  test('the constraint has optional attributes and defaults', () => {
    expect(tc.diagnostics).toEqual([]);
    expect(typeString(tc.type)).toBe(
      'object({name=string, nested=optional(list(object({x=optional(string)}))), port=optional(number), tags=optional(list(string))})',
    );
    expect(tc.defaults?.defaultValues?.get('port')?.asNumber().toNumber()).toBe(22);
  });

  test('applyDefaults fills missing and null attributes, at every depth', () => {
    const v = Value.object({
      name: Value.string('web'),
      port: Value.DynamicNull,
      nested: Value.tuple([Value.object({}), Value.object({ x: Value.string('given') })]),
    });
    const applied = applyDefaults(v, tc.defaults!);
    expect(applied.getAttr('port')?.asNumber().toNumber()).toBe(22);
    expect(
      applied
        .getAttr('tags')
        ?.elements()
        .map((e) => e.asString()),
    ).toEqual(['a']);
    const nested = applied.getAttr('nested')!;
    expect(nested.elements().map((e) => e.getAttr('x')?.asString())).toEqual(['dx', 'given']);
  });

  test('marks survive and unknown values are untouched', () => {
    const marked = applyDefaults(Value.object({ name: Value.string('x') }).mark('sensitive'), tc.defaults!);
    expect(marked.isSensitive()).toBe(true);
    const unknown = Value.unknown(objectOf({ name: StringType }));
    expect(rawEquals(applyDefaults(unknown, tc.defaults!), unknown)).toBe(true);
  });

  test('list elements are re-unified after defaults', () => {
    const t = getTypeConstraint(
      call('list', call('object', obj([['n', call('optional', kw('number'), numLit('1'))]]))),
    );
    const v = Value.list([Value.object({ n: Value.nullOf(NumberType) })]);
    const out = applyDefaults(v, t.defaults!);
    expect(out.type).toEqual(listOf(objectOf({ n: NumberType })));
    expect(out.elements()[0].getAttr('n')?.asNumber().toNumber()).toBe(1);
  });
});
