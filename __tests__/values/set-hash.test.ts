import { Value } from '../../src/values/index';
import { setHashString } from '../../src/values/set-hash';

describe('setHashString (cty appendSetHashBytes)', () => {
  it('quotes strings with fmt %q, escaping runes unicode.IsPrint rejects', () => {
    expect(setHashString(Value.string('a"b\n'))).toBe('"a\\"b\\n"');
    expect(setHashString(Value.string('\u00a0é'))).toBe('"\\u00a0é"');
  });
  it('quotes map keys the same way', () => {
    expect(setHashString(Value.map({ '\u00ad': Value.True }))).toBe('{"\\u00ad":T;}');
  });
});
