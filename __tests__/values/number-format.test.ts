import { formatNumber, numberFromString } from '../../src/values/number-format';
import { num } from '../../src/values/number';

describe('formatNumber (cty big.Float Text f -1)', () => {
  test.each([
    [num(1.5), '1.5'],
    [num(10), '10'],
    [num('1e20'), '100000000000000000000'],
    [num('0.1').plus('0.2'), '0.3'],
    [num('1e-7'), '0.0000001'],
    [num(-42), '-42'],
    [num('-0'), '-0'],
    [num(0), '0'],
    [num(1).div(0), '+Inf'],
    [num(-1).div(0), '-Inf'],
    // checked against packer console: "a${1/3}"
    [
      num(1).div(3),
      '0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335',
    ],
    [
      num(2).div(3),
      '0.6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666667',
    ],
    [num('1e400'), '1' + '0'.repeat(400)],
    [num('123456789012345678901234567890'), '123456789012345678901234567890'],
  ])('%s → %s', (n, want) => {
    expect(formatNumber(n)).toBe(want);
  });
});

describe('numberFromString (cty ParseNumberVal)', () => {
  test.each([
    ['5', '5'],
    ['5.', '5'],
    ['.5', '0.5'],
    ['+5', '5'],
    ['-2.5e3', '-2500'],
    ['1E2', '100'],
    ['1p4', '16'],
    ['Inf', 'Infinity'],
    ['-inf', '-Infinity'],
  ])('%s parses to %s', (s, want) => {
    expect(numberFromString(s)?.toString()).toBe(want);
  });
  test.each([[''], [' 1'], ['1 '], ['0x10'], ['1_000'], ['abc'], ['INF'], ['1e'], ['.'], ['--1']])(
    '%j is not a number',
    (s) => {
      expect(numberFromString(s)).toBeUndefined();
    },
  );
});
