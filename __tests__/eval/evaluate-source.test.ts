import { EvalContext } from '../../src/eval/context';
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
} from '../../src/values/types';
import { Value } from '../../src/values/value';
import { ctxWith } from './harness';
import { diags, detailsOf, show, value } from './source-harness';

const n = (x: number): Value => Value.number(x);
const s = (x: string): Value => Value.string(x);

describe('precedence and operators (parsed)', () => {
  it.each([
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 - 4 - 3', '3'],
    ['2 * 3 % 4', '2'],
    ['1 + 2 == 3', 'true'],
    ['1 < 2 == true', 'true'],
    ['!true || true', 'true'],
    ['true || false && false', 'true'],
    ['-2 * -3', '6'],
    ['0.1 + 0.2 == 0.3', 'true'],
    ['7 / 2', '3.5'],
    ['-7 % 3', '-1'],
    ['10 % 3.5', '3'],
    ['"a" == "a" ? 1 : 2', '1'],
    ['false ? 1 : true ? 2 : 3', '2'],
    ['1e3 + 1', '1001'],
  ])('%s = %s', (src, want) => {
    expect(show(value(src))).toBe(want);
  });
});

describe('templates (parsed)', () => {
  it.each([
    ['"a${1 + 1}b"', '"a2b"'],
    ['"${true}-${1.5}"', '"true-1.5"'],
    ['"%{ if true }yes%{ else }no%{ endif }"', '"yes"'],
    ['"%{ if false }yes%{ endif }"', '""'],
    ['"x %{~ if true ~} y %{~ else ~} z %{~ endif ~} w"', '"xyw"'],
    ['"%{ for i, v in ["a", "b"] }${i}${v},%{ endfor }"', '"0a,1b,"'],
    ['"%{ for k, v in {b = 2, a = 1} }${k}=${v} %{ endfor }"', '"a=1 b=2 "'],
    ['<<EOT\n  %{ for x in [1,2] }\n  ${x}\n  %{ endfor }\nEOT\n', '"  \\n  1\\n  \\n  2\\n  \\n"'],
    ['<<-EOT\n    hello\n      ${"world"}\n    EOT\n', '"hello\\n  world\\n"'],
  ])('%s', (src, want) => {
    expect(show(value(src))).toBe(want);
  });

  it('returns a lone interpolation unchanged', () => {
    expect(value('"${[1, 2]}"').type.kind).toBe('tuple');
  });

  it('is unknown when an interpolation or the for collection is unknown', () => {
    const ctx = ctxWith({ u: Value.unknown(StringType), l: Value.unknown(listOf(StringType)) });
    expect(show(value('"a${u}"', ctx))).toBe('<unknown string>');
    expect(show(value('"%{ for x in l }${x}%{ endfor }"', ctx))).toBe('<unknown string>');
    expect(show(value('"%{ if u == "" }a%{ endif }"', ctx))).toBe('<unknown string>');
  });

  it('marks the result when an interpolated value is sensitive', () => {
    const ctx = ctxWith({ p: s('pw').mark('sensitive') });
    expect(show(value('"x-${p}"', ctx))).toBe('"x-pw"(sensitive)');
    expect(show(value('"%{ for c in [p] }${c}%{ endfor }"', ctx))).toBe('"pw"(sensitive)');
  });
});

describe('collections, traversals and splats (parsed)', () => {
  const ctx = ctxWith({
    var: Value.object({
      list: Value.list([s('a'), s('b')]),
      objs: Value.list([Value.object({ id: n(1) }), Value.object({ id: n(2) })]),
      map: Value.map({ k: s('v') }),
      set: Value.set([s('x'), s('y')]),
      one: Value.object({ id: n(7) }),
      nothing: Value.nullOf(objectOf({ id: NumberType })),
    }),
  });
  it.each([
    ['var.list[1]', '"b"'],
    ['var.list.0', '"a"'],
    ['var.map["k"]', '"v"'],
    ['var.map.k', '"v"'],
    ['var.objs[0].id', '1'],
    ['var.objs[*].id', '[1, 2]'],
    ['var.objs.*.id', '[1, 2]'],
    ['var.one[*].id', '[7]'],
    ['var.nothing[*].id', '[]'],
    ['var.set[*]', '["x", "y"]'],
    ['[for i, v in var.list : "${i}:${v}"]', '["0:a", "1:b"]'],
    ['[for v in var.set : v]', '["x", "y"]'],
    ['{for o in var.objs : o.id => o}', '{1={id=1}, 2={id=2}}'],
    ['{for v in ["a", "b", "a"] : v => v...}', '{a=["a", "a"], b=["b"]}'],
    ['[for k, v in var.map : k if v == "v"]', '["k"]'],
    ['{a = 1, "b" = 2, (var.list[0]) = 3}', '{a=3, b=2}'],
    ['{true = 1, null = 2}', '{null=2, true=1}'],
    ['[1, "a", [true]]', '[1, "a", [true]]'],
  ])('%s = %s', (src, want) => {
    expect(show(value(src, ctx))).toBe(want);
  });

  it('types splat results as lists for lists and sets', () => {
    expect(value('var.objs[*].id', ctx).type).toEqual(listOf(NumberType));
    expect(value('var.set[*]', ctx).type).toEqual(listOf(StringType));
  });

  it('gives unknowns of the right type for unknown collections', () => {
    const u = ctxWith({
      l: Value.unknown(listOf(objectOf({ id: NumberType }))),
      m: Value.unknown(mapOf(StringType)),
      st: Value.unknown(setOf(BoolType)),
      d: Value.DynamicUnknown,
    });
    expect(value('l[*].id', u).type).toEqual(listOf(NumberType));
    expect(value('l[0].id', u).type).toEqual(NumberType);
    expect(value('m.x', u).type).toEqual(StringType);
    expect(value('d.a.b[3]', u).isKnown()).toBe(false);
    expect(show(value('[for x in st : x]', u))).toBe('<unknown dynamic>');
    expect(value('d[*].a', u).type.kind).toBe('dynamic');
  });

  it('propagates sensitive marks through collections', () => {
    const m = ctxWith({ p: Value.list([s('a')]).mark('sensitive') });
    expect(value('p[0]', m).isSensitive()).toBe(true);
    expect(value('[for x in p : x]', m).isSensitive()).toBe(true);
    expect(value('p[*]', m).isSensitive()).toBe(true);
    expect(value('length(p) > 0 ? "y" : "n"', ctxWithLength(m)).isSensitive()).toBe(true);
  });
});

/** A context with a length() function added (for mark propagation through a call). */
function ctxWithLength(base: EvalContext): EvalContext {
  const fns = new Map(base.functions);
  fns.set('length', {
    params: [{ name: 'value', type: DynamicType, allowDynamicType: true }],
    returnType: () => NumberType,
    impl: (args) => Value.number(args[0].length()),
  });
  return new EvalContext({ variables: base.variables, functions: fns });
}

describe('diagnostics (parsed) with their subjects', () => {
  const ctx = ctxWith({
    var: Value.object({ name: s('x'), l: Value.list([n(1)]), objs: Value.list([Value.object({ a: n(1) })]) }),
  });
  it.each([
    ['vat.name', ['Unknown variable @ 1-4']],
    ['var.nme', ['Unsupported attribute @ 4-8']],
    ['var.l[3]', ['Invalid index @ 6-9']],
    ['var.l["a"]', ['Invalid index @ 6-11']],
    ['var.objs.a', ['Unsupported attribute @ 9-11']],
    ['upper(1, 2)', ['Too many function arguments @ 10-11']],
    ['upper()', ['Not enough function arguments @ 7-8']],
    ['uper("a")', ['Call to unknown function @ 1-5']],
    ['upper([])', ['Invalid function argument @ 7-8']],
    ['upper("a", [1]...)', ['Too many function arguments @ 12-15']],
    ['upper("a"...)', ['Invalid expanding argument value @ 7-10']],
    ['fail("x")', ['Error in function call @ 1-6']],
    ['1 + "a"', ['Invalid operand @ 5-8']],
    ['-"a"', ['Invalid operand @ 2-5']],
    ['0 / 0', ['Operation failed @ 1-6']],
    ['"${null}"', []],
    ['"a${null}"', ['Invalid template interpolation value @ 5-9']],
    ['"a${[]}"', ['Invalid template interpolation value @ 5-7']],
    ['true ? 1 : [1]', ['Inconsistent conditional result types @ 8-15']],
    ['1 ? 1 : 2', ['Incorrect condition type @ 1-2']],
    ['null ? 1 : 2', ['Null condition @ 1-5']],
    ['{for x in [1, 1] : x => x}', ['Duplicate object key @ 20-21']],
    ['[for x in [1] : x if "a"]', ["Invalid 'for' condition @ 22-25"]],
    ['[for x in [1] : x if null]', ['Condition is null @ 22-26']],
    ['[for x in "a" : x]', ['Iteration over non-iterable value @ 11-14']],
    ['{for x in [null] : x => 1}', ['Invalid object key @ 20-21']],
    ['{([]) = 1}', ['Incorrect key type @ 2-6']],
    ['{a.b = 1}', ['Ambiguous attribute key @ 2-5']],
    ['null.a', ['Attempt to get attribute from null value @ 5-7']],
    ['null[0]', ['Attempt to index null value @ 5-8']],
    ['tolist', ['Unknown variable @ 1-7']],
  ])('%s', (src, want) => {
    expect(diags(src, ctx)).toEqual(want);
  });

  it('uses HCL wording for details', () => {
    expect(detailsOf('"a" < 1', ctx)).toEqual(['Unsuitable value for left operand: a number is required.']);
    expect(detailsOf('var.nme', ctx)).toEqual(['This object does not have an attribute named "nme".']);
    expect(detailsOf('var.objs.a', ctx)).toEqual([
      'Can\'t access attributes on a list of objects. Did you mean to access attribute "a" for a specific element of the list, or across all elements of the list?',
    ]);
    expect(detailsOf('var.l[3]', ctx)).toEqual([
      'The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.',
    ]);
    expect(detailsOf('{a=1}[0]', ctx)).toEqual([
      'The given key does not identify an element in this collection value. An object only supports looking up attributes by name, not by numeric index.',
    ]);
    expect(detailsOf('upper([])', ctx)[0]).toMatch(/^Invalid value for "str" parameter: .*\.$/);
    expect(detailsOf('uper("a")', ctx)).toEqual(['There is no function named "uper". Did you mean "upper"?']);
    expect(detailsOf('1 + null', ctx)).toEqual(['Error during operation: argument must not be null.']);
    expect(show(value('1 / 0'))).toBe('Infinity');
    expect(detailsOf('(1/0) - (1/0)', ctx)).toEqual([
      "Error during operation: can't subtract infinity from itself.",
    ]);
    expect(detailsOf('true ? {a = 1} : {a = [1]}', ctx)).toEqual([
      "The true and false result expressions must have consistent types. Type mismatch for object attribute \"a\": The 'true' value is number, but the 'false' value is tuple.",
    ]);
    expect(detailsOf('true ? [1] : [1, 2]', ctx)).toEqual([]);
  });

  it('reports every error of a constructor at once', () => {
    expect(diags('[nope1, nope2, var.nme]', ctx)).toEqual([
      'Unknown variable @ 2-7',
      'Unknown variable @ 9-14',
      'Unsupported attribute @ 19-23',
    ]);
  });
});
