import { num } from '../../src/values/number';
import { WHOLE_NUMBER_MESSAGE, toGoInt } from '../../src/values/go-int';

describe('toGoInt (gocty int conversion)', () => {
  it.each([
    ['0', 0n],
    ['-7', -7n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('%s fits', (s, want) => {
    expect(toGoInt(num(s))).toBe(want);
  });
  it.each(['1.5', '9223372036854775808', '-9223372036854775809'])('%s does not fit', (s) => {
    expect(toGoInt(num(s))).toBeUndefined();
  });
  it('does not take infinities', () => {
    expect(toGoInt(num(1).div(0))).toBeUndefined();
  });
  it("uses gocty's wording", () => {
    expect(WHOLE_NUMBER_MESSAGE).toBe(
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });
});
