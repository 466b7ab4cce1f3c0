import { NumberType, StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { call, callError, expectArgError, expectFunctionError, n, numText, s } from './text-helpers';

describe('abs, ceil, floor, signum', () => {
  it('computes on exact decimals', () => {
    expect(numText(call('abs', n(-3.5)))).toBe('3.5');
    expect(numText(call('abs', n(2)))).toBe('2');
    expect(numText(call('ceil', n(1.2)))).toBe('2');
    expect(numText(call('ceil', n(-1.5)))).toBe('-1');
    expect(numText(call('floor', n(-1.5)))).toBe('-2');
    expect(numText(call('floor', n('12345678901234567890.5')))).toBe('12345678901234567890');
    expect(numText(call('signum', n(-7)))).toBe('-1');
    expect(numText(call('signum', n(0)))).toBe('0');
    expect(numText(call('signum', n(3)))).toBe('1');
  });

  it('keeps infinities through ceil and floor', () => {
    expect(call('ceil', Value.number(Infinity)).asNumber().isFinite()).toBe(false);
  });

  it('signum rejects fractions with gocty wording', () => {
    expectFunctionError(
      callError('signum', n(-0.5)),
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });

  it('abs passes marks through; others propagate them via callFunction', () => {
    expect(call('abs', n(-1).mark('sensitive')).isSensitive()).toBe(true);
    expect(call('ceil', n(1.5).mark('sensitive')).isSensitive()).toBe(true);
  });

  it('converts string arguments and rejects bad ones', () => {
    expect(numText(call('ceil', s('1.1')))).toBe('2');
    expectArgError(callError('floor', s('x')), 0, 'a number is required');
  });

  it('returns unknown for unknown arguments', () => {
    const r = call('abs', Value.unknown(NumberType));
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(NumberType);
  });

  it('rejects null', () => {
    expectArgError(callError('abs', Value.nullOf(NumberType)), 0, 'argument must not be null');
  });
});

describe('log and pow', () => {
  it('use float64 results as cty does (values from packer console)', () => {
    expect(numText(call('log', n(8), n(2)))).toBe('3');
    expect(numText(call('log', n(10), n(3)))).toBe('2.095903274289385');
    expect(numText(call('pow', n(2), n(0.5)))).toBe('1.4142135623730951');
    expect(numText(call('pow', n(3), n(40)))).toBe('12157665459056929000');
    expect(numText(call('pow', n(2), n(10)))).toBe('1024');
  });

  it('yields infinities like Go math', () => {
    const r = call('log', n(0), n(10)).asNumber();
    expect(r.isFinite()).toBe(false);
    expect(r.isNeg()).toBe(true);
  });

  it("reports NaN results as errors instead of values, in the words of cty's recovered panic", () => {
    expectFunctionError(
      callError('log', n(-1), n(10)),
      'panic in function implementation: Float.SetFloat64(NaN)',
    );
  });
});

describe('min and max', () => {
  it('pick the extreme value', () => {
    expect(numText(call('max', n(12), n(54), n(3)))).toBe('54');
    expect(numText(call('min', n(12), n(54), n(3)))).toBe('3');
    expect(numText(call('min', n(-0.5), s('-2')))).toBe('-2');
  });

  it('need at least one number', () => {
    expectFunctionError(callError('max'), 'must pass at least one number');
    expectFunctionError(callError('min'), 'must pass at least one number');
  });

  it('report the bad argument position', () => {
    expectArgError(callError('max', n(1), s('x')), 1, 'a number is required');
  });
});

describe('parseint', () => {
  it('parses bases 2 to 62', () => {
    expect(numText(call('parseint', s('100'), n(10)))).toBe('100');
    expect(numText(call('parseint', s('FF'), n(16)))).toBe('255');
    expect(numText(call('parseint', s('-FF'), n(16)))).toBe('-255');
    expect(numText(call('parseint', s('+1010'), n(2)))).toBe('10');
    expect(numText(call('parseint', s('zz'), n(62)))).toBe('2205');
    expect(numText(call('parseint', s('ZZ'), n(62)))).toBe('3843');
    expect(numText(call('parseint', s('zz'), n(36)))).toBe('1295');
    expect(numText(call('parseint', s('ZZ'), n(36)))).toBe('1295');
    expect(numText(call('parseint', s('123456789012345678901234567890'), n(10)))).toBe(
      '123456789012345678901234567890',
    );
  });

  it('rejects invalid digits and bases', () => {
    expectArgError(callError('parseint', s('12'), n(2)), 0, 'cannot parse "12" as a base 2 integer');
    expectArgError(callError('parseint', s(''), n(10)), 0, 'cannot parse "" as a base 10 integer');
    expectArgError(callError('parseint', s('0x10'), n(16)), 0, 'cannot parse "0x10" as a base 16 integer');
    expectArgError(callError('parseint', s('1_0'), n(10)), 0, 'cannot parse "1_0" as a base 10 integer');
    expectArgError(
      callError('parseint', s('1'), n(1)),
      1,
      'base must be a whole number between 2 and 62 inclusive',
    );
    expectArgError(
      callError('parseint', s('1'), n(63)),
      1,
      'base must be a whole number between 2 and 62 inclusive',
    );
    expectArgError(
      callError('parseint', s('1'), n(2.5)),
      1,
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });

  it('requires a string first argument (checked by the return type)', () => {
    expectArgError(callError('parseint', n(10), n(10)), 0, 'first argument must be a string, not number');
  });
});

describe('sum', () => {
  it('adds lists, sets and tuples, converting elements', () => {
    expect(numText(call('sum', Value.list([n(1), n(2), n(3.5)])))).toBe('6.5');
    expect(numText(call('sum', Value.set([n(1), n(2)])))).toBe('3');
    expect(numText(call('sum', Value.tuple([n(1), s('2')])))).toBe('3');
    expect(numText(call('sum', Value.list([n(0.1), n(0.2)])))).toBe('0.3');
  });

  it('reports Packer errors', () => {
    expectArgError(callError('sum', Value.list([], NumberType)), 0, 'cannot sum an empty list');
    expectArgError(callError('sum', s('x')), 0, 'cannot sum noniterable');
    expectArgError(
      callError('sum', Value.map({ a: n(1) })),
      0,
      'argument must be list, set, or tuple. Received map of number',
    );
    expectArgError(
      callError('sum', Value.tuple([n(1), s('x')])),
      0,
      'argument must be list, set, or tuple of number values',
    );
    expectArgError(
      callError('sum', Value.list([n(1), Value.nullOf(NumberType)])),
      0,
      'argument must be list, set, or tuple of number values',
    );
    expectFunctionError(
      callError('sum', Value.list([Value.number(Infinity), Value.number(-Infinity)])),
      "can't compute sum of opposing infinities",
    );
  });

  it('is unknown while elements are unknown', () => {
    expect(call('sum', Value.list([n(1), Value.unknown(NumberType)])).isKnown()).toBe(false);
    expect(call('sum', Value.tuple([Value.unknown(StringType)])).isKnown()).toBe(false);
  });
});
