import { formatHCLChecked } from '../../../src/hcl/format/format';

describe('formatHCLChecked', () => {
  it('formats valid input', () => {
    expect(formatHCLChecked('a=1\n', 'a.pkr.hcl')).toEqual({ output: 'a = 1\n', diagnostics: [] });
  });

  it.each([
    ['unclosed brace', 'x = {\n'],
    ['unterminated string', 'a = "abc\n'],
    ['invalid character', 'a = 1 ; b = 2\n'],
    ['missing value', 'a =\n'],
    ['block without body', 'source "x" "y"\n'],
  ])('returns diagnostics and no output for %s', (_label, src) => {
    const r = formatHCLChecked(src, 'bad.pkr.hcl');
    expect(r.output).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0].severity).toBe('error');
    expect(r.diagnostics[0].subject?.filename).toBe('bad.pkr.hcl');
  });
});
