import { DynamicType, NumberType, StringType, listOf } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { call, callError, expectArgError, expectFunctionError, n, s, str, strList } from './text-helpers';

const fmt = (f: string, ...args: Value[]): string => str(call('format', s(f), ...args));

describe('format verbs (expected values from packer console)', () => {
  it('%v picks a default per type', () => {
    expect(fmt('%v|%v|%v|%v', n(1234567), n(100000), n('0.00001'), n('0.0001'))).toBe(
      '1.234567e+06|100000|1e-05|0.0001',
    );
    expect(fmt('%v', n('1e30'))).toBe('1e+30');
    expect(fmt('%.3v|%5v|%-5v|%05v', n(3.14159), s('ab'), Value.True, n(12))).toBe(
      '3.14159|   ab|true |00012',
    );
    expect(fmt('%v', Value.DynamicNull)).toBe('null');
    expect(fmt('%v', Value.object({ b: n(1), a: strList('x') }))).toBe('{"a":["x"],"b":1}');
  });

  it('%#v is JSON with Go escaping', () => {
    expect(fmt('%#v', Value.tuple([s('a'), n(1), Value.True, Value.DynamicNull]))).toBe('["a",1,true,null]');
    expect(fmt('%#v', s('x'))).toBe('"x"');
    expect(fmt('%#v', n(0.5))).toBe('0.5');
    expect(fmt('%#v|%q', s('<\b\ud800'), s('&\f'))).toBe('"\\u003c\\b\\ufffd"|"\\u0026\\f"');
    // cty's json.Marshal refuses infinities, and format reports it against the verb.
    expectFunctionError(
      callError('format', s('%#v'), Value.number(Infinity)),
      'unsupported value for "%#v" at 0: cannot serialize infinity as JSON',
    );
  });

  it('%e %E %f %g %G follow big.Float formatting', () => {
    expect(
      fmt(
        '%e|%E|%g|%G|%.3g|%10.3e',
        n(1234.5678),
        n(1234.5678),
        n(1234.5678),
        n('1e21'),
        n(1234.5678),
        n(-3.14159),
      ),
    ).toBe('1.234568e+03|1.234568E+03|1234.5678|1E+21|1.23e+03|-3.142e+00');
    expect(
      fmt('%0.2f|%+.1e|% .3f|%010.2f|%-10.2f|%+g', n(1.005), n(0), n(2), n(-3.14159), n(1.5), n(0.5)),
    ).toBe('1.00|+0.0e+00| 2.000|-000003.14|1.50      |+0.5');
    expect(fmt('%.f|%.0f|%.0f|%.1f', n(2.5), n(3.5), n(0.5), n(0.25))).toBe('2|4|0|0.2');
    expect(fmt('%f', n(1e21))).toBe('1000000000000000000000.000000');
    expect(fmt('%.2e', n(9.999))).toBe('1.00e+01');
    expect(fmt('%f|%5.1f', Value.number(Infinity), Value.number(-Infinity))).toBe('+Inf| -Inf');
  });

  it('integer verbs follow big.Int formatting', () => {
    expect(
      fmt(
        '%+d|% d|%05d|%-5d|%#x|%#o|%#b|%X|%.0d|%8.3d',
        n(5),
        n(5),
        n(-42),
        n(7),
        n(255),
        n(8),
        n(5),
        n(3054),
        n(0),
        n(7),
      ),
    ).toBe('+5| 5|-0042|7    |0xff|010|0b101|BEE||     007');
    expect(fmt('%d', n('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
    expect(fmt('%d|%x', s('12'), n(-255))).toBe('12|-ff');
  });

  it('%s %q and %t convert their argument', () => {
    expect(fmt('%.f|%5.1s|%-4s|%04s|%.2s', n(2.5), s('héllo'), s('x'), s('y'), s('ab'))).toBe(
      '2|    h|x   |000y|ab',
    );
    expect(fmt('%q|%s|%s', s('<a&b>\n'), n(1.5), Value.True)).toBe('"\\u003ca\\u0026b\\u003e\\n"|1.5|true');
    expect(fmt('%t|%t', Value.False, s('true'))).toBe('false|true');
    expect(fmt('%3s|%.1s', s('👍🏽'), s('👍🏽x'))).toBe('  👍🏽|👍🏽');
  });

  it('%% and argument indexes', () => {
    expect(fmt('100%%')).toBe('100%');
    expect(fmt('%[2]s %[1]s %s', s('a'), s('b'))).toBe('b a b');
    expect(fmt('%5[1]d|%[1]x', n(10))).toBe('   10|a');
  });
});

describe('format errors (wording from packer console)', () => {
  it('reports conversion failures', () => {
    expectFunctionError(
      callError('format', s('%d'), n(1.5)),
      'unsupported value for "%d" at 0: an integer is required',
    );
    expectFunctionError(
      callError('format', s('%t'), s('yes')),
      'unsupported value for "%t" at 0: a bool is required',
    );
    expectFunctionError(
      callError('format', s('%d'), s('x')),
      'unsupported value for "%d" at 0: a number is required',
    );
    const e = callError('format', s('%s'), strList('a'));
    expect(e.message.startsWith('unsupported value for "%s" at 0: ')).toBe(true);
    expectFunctionError(
      callError('format', s('x%s'), Value.nullOf(StringType)),
      'unsupported value for "%s" at 1: null value cannot be formatted',
    );
  });

  it('reports argument count problems', () => {
    expectFunctionError(
      callError('format', s('%s %s'), s('a')),
      'not enough arguments for "%s" at 3: need index 2 but have 1 total',
    );
    expectFunctionError(
      callError('format', s('%[2]s %s %[1]s'), s('a'), s('b')),
      'not enough arguments for "%s" at 6: need index 3 but have 2 total',
    );
    expectFunctionError(
      callError('format', s('%[3]s'), s('a')),
      'not enough arguments for "%[3]s" at 0: need index 3 but have 1 total',
    );
    expectArgError(
      callError('format', s('%s'), s('a'), s('b')),
      2,
      'too many arguments; only 1 used by format string',
    );
    expectArgError(callError('format', s('abc'), s('b')), 1, 'too many arguments; no verbs in format string');
  });

  it('reports malformed format strings with byte offsets', () => {
    expectFunctionError(
      callError('format', s('%z'), n(1)),
      `unsupported format verb 'z' in "%z" at offset 0`,
    );
    expectFunctionError(callError('format', s('%'), n(1)), 'invalid format string starting at offset 1');
    expectFunctionError(
      callError('format', s('é%5.2!'), n(1)),
      `unrecognized format character '!' at offset 6`,
    );
    expectFunctionError(
      callError('format', s('%[1]5d'), n(1)),
      `unrecognized format character '5' at offset 4`,
    );
    expectFunctionError(
      callError('format', s('%[0]d'), n(1)),
      `unrecognized format character '0' at offset 2`,
    );
  });
});

describe('format with unknowns and marks', () => {
  it('is unknown when any argument is not wholly known', () => {
    const r = call('format', s('%s'), Value.list([Value.unknown(StringType)]));
    expect(r.isKnown()).toBe(false);
    expect(call('format', s('%v'), Value.DynamicUnknown).isKnown()).toBe(false);
  });

  it('propagates sensitivity', () => {
    expect(call('format', s('%s'), s('secret').mark('sensitive')).isSensitive()).toBe(true);
  });
});

describe('formatlist', () => {
  const items = (v: Value): (string | null)[] => v.elements().map((e) => (e.isKnown() ? e.asString() : null));

  it('iterates sequences in step and repeats other values', () => {
    expect(items(call('formatlist', s('%s=%s'), strList('a', 'b'), s('x')))).toEqual(['a=x', 'b=x']);
    expect(items(call('formatlist', s('%s-%d'), strList('a', 'b'), Value.tuple([n(1), n(2)])))).toEqual([
      'a-1',
      'b-2',
    ]);
    expect(items(call('formatlist', s('x')))).toEqual(['x']);
    expect(items(call('formatlist', s('%s'), s('one')))).toEqual(['one']);
    const empty = call('formatlist', s('%s'), Value.list([], StringType));
    expect(empty.length()).toBe(0);
    expect(empty.type).toEqual(listOf(StringType));
  });

  it('rejects sequences of different lengths', () => {
    expectArgError(
      callError('formatlist', s('%s-%d'), strList('a', 'b'), Value.list([n(1), n(2), n(3)])),
      2,
      'argument 2 has length 3, which is inconsistent with argument 1 of length 2',
    );
  });

  it('prefixes per-iteration errors', () => {
    expectFunctionError(
      callError('formatlist', s('%d'), strList('1', 'x')),
      'error on format iteration 1: unsupported value for "%d" at 0: a number is required',
    );
    expectFunctionError(
      callError('formatlist', s('%s %s'), strList('a')),
      'error on format iteration 0: not enough arguments for "%s" at 3: need index 2 but have 1 total',
    );
  });

  it('scans the format once but reports its problems where cty does, in every iteration', () => {
    // A verb's own error comes before a scanning error later in the string, as cty's scanner
    // formats each verb as it reaches it.
    expectFunctionError(
      callError('formatlist', s('%d %!'), strList('x')),
      'error on format iteration 0: unsupported value for "%d" at 0: a number is required',
    );
    expectFunctionError(
      callError('formatlist', s('日本 %s %!'), strList('a', 'b')),
      `error on format iteration 0: unrecognized format character '!' at offset 11`,
    );
    expectFunctionError(
      callError('formatlist', s('%s-%[1]'), strList('a')),
      'error on format iteration 0: invalid format string starting at offset 7',
    );
    expectFunctionError(
      callError('formatlist', s('%s'), strList('a'), s('extra')),
      'error on format iteration 0: too many arguments; only 1 used by format string',
    );
    expect(
      items(call('formatlist', s('é%%%s日%-3d|'), strList('a', 'b'), Value.tuple([n(1), n(22)]))),
    ).toEqual(['é%a日1  |', 'é%b日22 |']);
  });

  it('handles unknowns', () => {
    expect(call('formatlist', s('%s'), Value.unknown(listOf(StringType))).isKnown()).toBe(false);
    expect(call('formatlist', s('%s'), Value.DynamicUnknown).type).toEqual(listOf(StringType));
    const partial = call('formatlist', s('%s'), Value.list([s('a'), Value.unknown(StringType)]));
    expect(partial.isKnown()).toBe(true);
    expect(items(partial)).toEqual(['a', null]);
    expect(call('formatlist', s('%s'), Value.unknown(NumberType)).isKnown()).toBe(true);
  });

  it('accepts a null single value for %v', () => {
    expect(items(call('formatlist', s('%v'), Value.nullOf(DynamicType)))).toEqual(['null']);
  });
});

describe('format rounds the binary value cty holds', () => {
  it('matches Go on decimal ties that are not binary ties', () => {
    expect(fmt('%.1f|%.2f|%.1f', n(0.15), n(0.125), n(0.35))).toBe('0.2|0.12|0.3');
    expect(fmt('%g|%g|%.2g|%G', n(0.00001234), n(123456789), n(0.000001), n(1e-7))).toBe(
      '1.234e-05|1.23456789e+08|1e-06|1E-07',
    );
    expect(fmt('%.0f|%.3e', n('12345678901234567890123'), n(0.1))).toBe('12345678901234567890123|1.000e-01');
  });
});
