import { Value } from '../../src/values/value';
import { BoolType, NumberType, StringType, listOf } from '../../src/values/types';
import { EvalContext } from '../../src/eval/context';
import {
  bin,
  bool,
  call,
  cond,
  forExpr,
  idx,
  key,
  nul,
  num,
  obj,
  ref,
  refAt,
  rng,
  splat,
  str,
  tpl,
  tuple,
  un,
} from './ast-builders';
import { NO_CONTEXT, ctxWith, details, ev, summaries, val } from './harness';

const sens = (v: Value): Value => v.mark('sensitive');
const n = (x: number | string): Value => Value.number(x);
const s = (x: string): Value => Value.string(x);

describe('literals and operators', () => {
  it('evaluates exact decimal arithmetic', () => {
    expect(
      val(bin(num('0.1'), '+', num('0.2')))
        .asNumber()
        .toString(),
    ).toBe('0.3');
    // 1 + 2 * 3 as the parser nests it
    expect(
      val(bin(num(1), '+', bin(num(2), '*', num(3))))
        .asNumber()
        .toNumber(),
    ).toBe(7);
    expect(
      val(bin(num(7), '%', num(3)))
        .asNumber()
        .toNumber(),
    ).toBe(1);
    expect(
      val(bin(num(-7), '%', num(3)))
        .asNumber()
        .toNumber(),
    ).toBe(-1);
    expect(
      val(bin(num(5), '%', num(0)))
        .asNumber()
        .toNumber(),
    ).toBe(5);
    expect(
      val(un('-', num(3)))
        .asNumber()
        .toNumber(),
    ).toBe(-3);
  });

  it('divides by zero into infinity, and 0/0 fails as cty does', () => {
    expect(
      val(bin(num(1), '/', num(0)))
        .asNumber()
        .toString(),
    ).toBe('Infinity');
    const r = ev(bin(num(0), '/', num(0), rng(0, 3)));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        summary: 'Operation failed',
        detail: "Error during operation: can't divide zero by zero or infinity by infinity.",
        subject: rng(0, 3),
      }),
    ]);
  });

  it('reports unsuitable operands', () => {
    const r = ev(bin(str('a', rng(0, 3)), '+', num(1), rng(0, 7)));
    expect(r.diagnostics[0]).toMatchObject({
      summary: 'Invalid operand',
      detail: 'Unsuitable value for left operand: a number is required.',
      subject: rng(0, 3),
      context: rng(0, 7),
    });
    expect(r.value.type).toEqual(NumberType);
    expect(r.value.isKnown()).toBe(false);
    expect(summaries(un('!', num(1)))).toEqual(['Invalid operand']);
    expect(details(bin(bool(true), '&&', nul()))).toEqual([
      'Error during operation: argument must not be null.',
    ]);
  });

  it('compares with == across types and with < on numbers', () => {
    expect(val(bin(num(1), '==', str('1'))).asBool()).toBe(false);
    expect(val(bin(nul(), '==', nul())).asBool()).toBe(true);
    expect(val(bin(tuple(num(1)), '!=', tuple(num(2)))).asBool()).toBe(true);
    expect(val(bin(num(1), '<', num(2))).asBool()).toBe(true);
    expect(val(bin(str('2'), '>=', num(2))).asBool()).toBe(true);
  });

  it('short-circuits && and || around unknowns and errors', () => {
    const u = ctxWith({ u: Value.unknown(BoolType) });
    expect(val(bin(bool(false), '&&', ref('u')), u).asBool()).toBe(false);
    expect(val(bin(ref('u'), '||', bool(true)), u).asBool()).toBe(true);
    expect(val(bin(ref('u'), '&&', bool(true)), u).isKnown()).toBe(false);
    // The right-hand error is dropped when the left side decides.
    expect(ev(bin(bool(true), '||', ref('missing')), u).value.asBool()).toBe(true);
  });

  it('propagates unknown and sensitive operands', () => {
    const c = ctxWith({ u: Value.unknown(NumberType), p: sens(n(2)) });
    const r = val(bin(ref('u'), '+', num(1)), c);
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(NumberType);
    const p = val(bin(ref('p'), '*', num(3)), c);
    expect(p.asNumber().toNumber()).toBe(6);
    expect(p.isSensitive()).toBe(true);
    expect(val(un('-', ref('p')), c).isSensitive()).toBe(true);
    expect(val(bin(ref('p'), '==', num(2)), c).isSensitive()).toBe(true);
  });
});

describe('templates', () => {
  it('converts interpolations to strings', () => {
    expect(val(tpl([str('a'), num(1), str('-'), bool(true)])).asString()).toBe('a1-true');
  });
  it('reports null interpolation at the part', () => {
    const r = ev(tpl([str('a'), nul(rng(3, 7))], rng(0, 9)));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        summary: 'Invalid template interpolation value',
        subject: rng(3, 7),
        context: rng(0, 9),
      }),
    ]);
  });
  it('rejects values that are not strings', () => {
    expect(details(tpl([tuple()]))[0]).toMatch(/^Cannot include the given value in a string template: /);
  });
  it('is unknown when a part is unknown, and keeps marks', () => {
    const c = ctxWith({ u: Value.unknown(StringType), p: sens(s('x')) });
    const u = val(tpl([str('a'), ref('u')]), c);
    expect(u.isKnown()).toBe(false);
    expect(u.type).toEqual(StringType);
    expect(val(tpl([str('a'), ref('p')]), c).isSensitive()).toBe(true);
  });
  it('returns a wrapped value unchanged', () => {
    expect(val({ kind: 'TemplateWrap', wrapped: num(5), range: rng(0, 1) }).type).toEqual(NumberType);
  });
  it('evaluates %{if} and %{for} directives', () => {
    const ifx = {
      kind: 'TemplateIf' as const,
      condition: bool(false),
      trueTemplate: tpl([str('yes')]),
      range: rng(0, 1),
    };
    expect(val(tpl([str('<'), ifx, str('>')])).asString()).toBe('<>');
    const forx = {
      kind: 'TemplateFor' as const,
      keyVar: 'i',
      valueVar: 'v',
      collection: tuple(str('a'), str('b')),
      body: tpl([ref('i'), str('='), ref('v'), str(';')]),
      range: rng(0, 1),
    };
    expect(val(tpl([forx])).asString()).toBe('0=a;1=b;');
  });
});

describe('variables and traversals', () => {
  const c = ctxWith({
    var: Value.object({ name: s('x'), list: Value.tuple([n(1), n(2)]) }),
    local: Value.object({}),
  });
  it('looks up root names and steps', () => {
    expect(val(ref('var', 'name'), c).asString()).toBe('x');
    expect(
      val(ref('var', 'list', 1), c)
        .asNumber()
        .toNumber(),
    ).toBe(2);
  });
  it('reports unknown variables with a suggestion', () => {
    const r = ev(refAt(rng(0, 3), 'vat', 'name'), c);
    expect(r.diagnostics[0]).toMatchObject({
      summary: 'Unknown variable',
      detail: 'There is no variable named "vat". Did you mean "var"?',
      subject: rng(0, 3),
    });
  });
  it('refuses variables without a context', () => {
    expect(summaries(ref('var'), NO_CONTEXT)).toEqual(['Variables not allowed']);
    expect(summaries(ref('var'), new EvalContext({ functions: new Map() }))).toEqual([
      'Variables not allowed',
    ]);
  });
  it('reports missing attributes and bad indexes with HCL wording', () => {
    expect(details(ref('var', 'nope'), c)).toEqual(['This object does not have an attribute named "nope".']);
    expect(details(ref('var', 'list', 5), c)).toEqual([
      'The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.',
    ]);
    expect(details(ref('var', 'name', 'x'), c)).toEqual([
      "Can't access attributes on a primitive-typed value (string).",
    ]);
    expect(summaries(ref('var', 'name', 0), c)).toEqual(['Invalid index']);
    expect(details(idx(ref('var', 'list'), str('a')), c)).toEqual([
      'The given key does not identify an element in this collection value: a number is required.',
    ]);
    expect(details(idx(ref('var', 'list'), num('0.5')), c)[0]).toMatch(/fractional part/);
    expect(details(idx(ref('var', 'list'), num(-1)), c)[0]).toMatch(/negative number/);
    expect(summaries(idx(nul(), num(0)), c)).toEqual(['Attempt to index null value']);
    expect(summaries(ref('null_thing', 'a'), ctxWith({ null_thing: Value.DynamicNull }))).toEqual([
      'Attempt to get attribute from null value',
    ]);
  });
  it('indexes maps by string and lists of unknown elements', () => {
    const m = ctxWith({ m: Value.map({ a: n(1) }), l: Value.unknown(listOf(StringType)) });
    expect(
      val(idx(ref('m'), str('a')), m)
        .asNumber()
        .toNumber(),
    ).toBe(1);
    expect(details(ref('m', 'b'), m)).toEqual(['This map does not have an element with the key "b".']);
    const u = val(idx(ref('l'), num(0)), m);
    expect(u.isKnown()).toBe(false);
    expect(u.type).toEqual(StringType);
  });
  it('keeps marks through traversal', () => {
    const m = ctxWith({ o: sens(Value.object({ a: n(1) })) });
    expect(val(ref('o', 'a'), m).isSensitive()).toBe(true);
  });
});

describe('function calls', () => {
  it('calls functions with converted arguments', () => {
    expect(val(call('upper', [num(1)])).asString()).toBe('1');
    expect(
      val(call('add', [num(1), str('2')]))
        .asNumber()
        .toNumber(),
    ).toBe(3);
  });
  it('expands a final ... argument', () => {
    expect(
      val(call('add', [num(1), tuple(num(2), num(3))], { expand: true }))
        .asNumber()
        .toNumber(),
    ).toBe(6);
    expect(summaries(call('add', [num(1)], { expand: true }))).toEqual(['Invalid expanding argument value']);
  });
  it('reports unknown functions with a suggestion, at the name', () => {
    const r = ev(call('uper', [str('a')], { range: rng(0, 9), nameRange: rng(0, 4) }));
    expect(r.diagnostics[0]).toMatchObject({
      summary: 'Call to unknown function',
      detail: 'There is no function named "uper". Did you mean "upper"?',
      subject: rng(0, 4),
    });
    expect(summaries(call('upper', []), NO_CONTEXT)).toEqual(['Function calls not allowed']);
  });
  it('reports argument problems', () => {
    const bad = ev(call('upper', [tuple()], { range: rng(0, 9) }));
    expect(bad.diagnostics[0]).toMatchObject({ summary: 'Invalid function argument' });
    expect(bad.diagnostics[0].detail).toMatch(/^Invalid value for "str" parameter: /);
    expect(details(call('upper', [], { range: rng(0, 7) }))).toEqual([
      'Function "upper" expects 1 argument(s). Missing value for "str".',
    ]);
    expect(ev(call('upper', [], { range: rng(0, 7) })).diagnostics[0].subject).toEqual(rng(6, 7));
    expect(details(call('upper', [str('a'), str('b', rng(9, 10))]))).toEqual([
      'Function "upper" expects only 1 argument(s).',
    ]);
    expect(details(call('fail', [str('boom')]))).toEqual(['Call to function "fail" failed: boom.']);
    expect(details(call('upper', [nul(rng(6, 10))]))).toEqual([
      'Invalid value for "str" parameter: argument must not be null.',
    ]);
  });
  it('returns unknown for unknown arguments and keeps marks', () => {
    const c = ctxWith({ u: Value.unknown(StringType), p: sens(s('x')) });
    expect(val(call('upper', [ref('u')]), c).isKnown()).toBe(false);
    const p = val(call('upper', [ref('p')]), c);
    expect(p.asString()).toBe('X');
    expect(p.isSensitive()).toBe(true);
  });
});

describe('conditionals', () => {
  it('chooses a branch and unifies types', () => {
    const v = val(cond(bool(true), num(1), str('a')));
    expect(v.type).toEqual(StringType);
    expect(v.asString()).toBe('1');
    expect(
      val(cond(bool(false), nul(), num(1)))
        .asNumber()
        .toNumber(),
    ).toBe(1);
    expect(val(cond(bool(true), nul(), num(1))).type).toEqual(NumberType);
  });
  it('reports inconsistent types and bad conditions', () => {
    const r = ev(cond(bool(true), num(1, rng(7, 8)), tuple(), rng(0, 13)));
    expect(r.diagnostics[0]).toMatchObject({
      summary: 'Inconsistent conditional result types',
      detail:
        "The true and false result expressions must have consistent types. The 'true' value is number, but the 'false' value is tuple.",
    });
    expect(summaries(cond(num(1), num(1), num(2)))).toEqual(['Incorrect condition type']);
    expect(summaries(cond(nul(), num(1), num(2)))).toEqual(['Null condition']);
    expect(details(cond(bool(true), obj(['a', num(1)]), obj(['a', tuple()])))).toEqual([
      "The true and false result expressions must have consistent types. Type mismatch for object attribute \"a\": The 'true' value is number, but the 'false' value is tuple.",
    ]);
    // Unsafe unification turns objects with different attributes into a map.
    expect(val(cond(bool(true), obj(['a', num(1)]), obj(['b', num(1)]))).type.kind).toBe('map');
  });
  it('is unknown of the result type when the condition is unknown, with all marks', () => {
    const c = ctxWith({ u: Value.unknown(BoolType), p: sens(n(1)) });
    const v = val(cond(ref('u'), ref('p'), num(2)), c);
    expect(v.isKnown()).toBe(false);
    expect(v.type).toEqual(NumberType);
    expect(v.isSensitive()).toBe(true);
  });
});

describe('collections', () => {
  it('builds tuples and objects; bare keys are names', () => {
    const v = val(obj(['a', num(1)], [str('b'), tuple(num(2))]));
    expect([...v.entries().keys()]).toEqual(['a', 'b']);
    expect(
      val(obj(['a', num(1)], ['a', num(2)]))
        .getAttr('a')
        ?.asNumber()
        .toNumber(),
    ).toBe(2);
  });
  it('evaluates parenthesised keys and rejects bad ones', () => {
    const c = ctxWith({ k: s('dyn') });
    const v = val(
      {
        kind: 'ObjectCons',
        items: [{ key: key(ref('k'), true), value: num(1) }],
        range: rng(0, 1),
        openRange: rng(0, 1),
      },
      c,
    );
    expect(v.getAttr('dyn')?.asNumber().toNumber()).toBe(1);
    expect(summaries(obj([tuple(), num(1)]))).toEqual(['Incorrect key type']);
    expect(summaries(obj([ref('a', 'b'), num(1)]))).toEqual(['Ambiguous attribute key']);
    expect(summaries(obj([cond(bool(true), nul(), nul()), num(1)]))).toEqual(['Null value as key']);
  });
});

describe('for expressions', () => {
  const list = tuple(num(1), num(2), num(3));
  it('builds tuples with a filter', () => {
    const v = val(
      forExpr({
        valueVar: 'x',
        collection: list,
        valueExpr: bin(ref('x'), '*', num(2)),
        condition: bin(ref('x'), '>', num(1)),
      }),
    );
    expect(v.elements().map((e) => e.asNumber().toNumber())).toEqual([4, 6]);
  });
  it('builds objects, grouping with ...', () => {
    const v = val(
      forExpr({
        keyVar: 'i',
        valueVar: 'x',
        collection: list,
        keyExpr: tpl([ref('x')]),
        valueExpr: ref('i'),
      }),
    );
    expect(v.getAttr('3')?.asNumber().toNumber()).toBe(2);
    const g = val(
      forExpr({
        valueVar: 'x',
        collection: tuple(str('a'), str('a')),
        keyExpr: ref('x'),
        valueExpr: ref('x'),
        group: true,
      }),
    );
    expect(g.getAttr('a')?.length()).toBe(2);
  });
  it('reports duplicate keys, bad conditions and bad collections', () => {
    expect(
      details(
        forExpr({ valueVar: 'x', collection: tuple(num(1), num(1)), keyExpr: ref('x'), valueExpr: ref('x') }),
      ),
    ).toEqual([
      'Two different items produced the key "1" in this \'for\' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.',
    ]);
    expect(
      summaries(forExpr({ valueVar: 'x', collection: list, valueExpr: ref('x'), condition: str('a') })),
    ).toEqual(["Invalid 'for' condition"]);
    expect(summaries(forExpr({ valueVar: 'x', collection: str('a'), valueExpr: ref('x') }))).toEqual([
      'Iteration over non-iterable value',
    ]);
    expect(summaries(forExpr({ valueVar: 'x', collection: nul(), valueExpr: ref('x') }))).toEqual([
      'Iteration over null value',
    ]);
  });
  it('is unknown over an unknown collection', () => {
    const c = ctxWith({ u: sens(Value.unknown(listOf(StringType))) });
    const v = val(forExpr({ valueVar: 'x', collection: ref('u'), valueExpr: ref('x') }), c);
    expect(v.isKnown()).toBe(false);
    expect(v.isSensitive()).toBe(true);
  });
});

describe('splat', () => {
  const c = ctxWith({
    l: Value.list([Value.object({ a: n(1) }), Value.object({ a: n(2) })]),
    o: Value.object({ a: n(9) }),
    z: Value.DynamicNull,
  });
  it('maps over lists and wraps single values', () => {
    expect(
      val(splat(ref('l'), 'a'), c)
        .elements()
        .map((e) => e.asNumber().toNumber()),
    ).toEqual([1, 2]);
    expect(val(splat(ref('l'), 'a'), c).type).toEqual(listOf(NumberType));
    expect(
      val(splat(ref('o'), 'a'), c)
        .elements()[0]
        .asNumber()
        .toNumber(),
    ).toBe(9);
    expect(val(splat(ref('z')), c).length()).toBe(0);
  });
  it('reports errors per element', () => {
    expect(summaries(splat(ref('l'), 'b'), c)).toEqual(['Unsupported attribute', 'Unsupported attribute']);
  });
});
