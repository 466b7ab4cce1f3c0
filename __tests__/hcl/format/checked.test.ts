import { formatHCL, formatHCLChecked } from '../../../src/hcl/format/format';

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

describe('formatHCL details not covered by Packer 1.6.6 goldens', () => {
  it('keeps namespaced function names together, as current hclwrite does', () => {
    expect(formatHCL('a = provider :: foo::bar(1)\n')).toBe('a = provider::foo::bar(1)\n');
    expect(formatHCL('a = x:::y\n')).toBe('a = x:: : y\n');
  });

  it('writes no space after !, as current hclwrite does', () => {
    expect(formatHCL('a = ! ! b\n')).toBe('a = !!b\n');
  });

  it('keeps blanks after the last token when the file has no final newline', () => {
    expect(formatHCL('a=1 \t ')).toBe('a = 1   ');
  });

  it('drops a byte order mark', () => {
    expect(formatHCL('\ufeffa=1\n')).toBe('a = 1\n');
  });

  it('drops only the first of two byte order marks; packer fmt refuses such a file', () => {
    // hclsyntax skips one leading BOM; the second is an invalid character ("failed to parse HCL").
    expect(formatHCL('\ufeff\ufeffa=1\n')).toBe('\ufeff a = 1\n');
    const r = formatHCLChecked('\ufeff\ufeffa=1\n', 'bom.pkr.hcl');
    expect(r.output).toBeUndefined();
    expect(r.diagnostics[0].summary).toBe('Invalid character');
    // A mark anywhere else is kept, as the invalid token it is.
    expect(formatHCL('\t\ufeff=1\n')).toBe('\ufeff = 1\n');
  });
});
