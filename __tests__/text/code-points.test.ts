import { compareCodePoints } from '../../src/text/code-points';

describe('compareCodePoints (Go byte-wise UTF-8 string order)', () => {
  it('puts astral characters after the rest of the BMP, unlike UTF-16 order', () => {
    const words = ['\u{1f600}', '\ufb01', 'b', 'a', 'ab', ''];
    expect([...words].sort(compareCodePoints)).toEqual(['', 'a', 'ab', 'b', '\ufb01', '\u{1f600}']);
    expect([...words].sort()).not.toEqual([...words].sort(compareCodePoints));
  });
  it('agrees with comparing UTF-8 bytes', () => {
    const words = ['z', 'é', '\u{10000}', '\uffff', 'e\u0301', 'ée'];
    const byBytes = [...words].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...words].sort(compareCodePoints)).toEqual(byBytes);
  });
});
