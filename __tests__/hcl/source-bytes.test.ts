import { parseConfig } from '../../src/hcl/syntax/parser';
import { decodeJSONSource, decodeNativeSource, firstInvalidUTF8 } from '../../src/hcl/source-bytes';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('firstInvalidUTF8', () => {
  it('finds nothing in valid UTF-8, multi-byte characters included', () => {
    expect(firstInvalidUTF8(Buffer.from('a = "é日😀"\n'))).toBe(-1);
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80]],
    ['an invalid lead byte', [0x61, 0xff]],
    ['a truncated sequence', [0x61, 0xe6, 0x97]],
    ['an overlong encoding', [0x61, 0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0x61, 0xf4, 0x90, 0x80, 0x80]],
  ])('reports %s at its byte', (_label, b) => {
    expect(firstInvalidUTF8(Uint8Array.from(b))).toBe(1);
  });
});

describe('decoding configuration files', () => {
  it('decodes valid UTF-8 unchanged', () => {
    const text = 'a = "é日😀"\n';
    expect(decodeNativeSource(Buffer.from(text))).toBe(text);
    expect(decodeJSONSource(Buffer.from(text))).toBe(text);
  });

  it('keeps each invalid byte of native syntax as a lone surrogate the scanner can report', () => {
    // A truncated three-byte sequence is two invalid bytes, stepped over one at a time as Go does.
    expect(decodeNativeSource(bytes('a', [0xe2, 0x82], 'b', [0xff]))).toBe('a\udce2\udc82b\udcff');
  });

  it('replaces each invalid byte of JSON with U+FFFD, as encoding/json does', () => {
    expect(decodeJSONSource(bytes('"a', [0xe2, 0x82], 'b', [0xff], '"'))).toBe('"a\ufffd\ufffdb\ufffd"');
  });
});

describe('invalid UTF-8 in native syntax', () => {
  const parse = (...parts: (string | number[])[]) =>
    parseConfig(decodeNativeSource(bytes(...parts)), 't.pkr.hcl').diagnostics;

  it.each([
    ['a quoted string', ['x = "ab', [0xff], 'cd"\n'], { line: 1, column: 8 }],
    ['a heredoc', ['x = <<EOT\nab', [0xe9], '\nEOT\n'], { line: 2, column: 3 }],
    ['a template interpolation', ['x = "${a', [0xc3], '}"\n'], { line: 1, column: 9 }],
    ['an attribute name', ['a', [0x80], ' = 1\n'], { line: 1, column: 2 }],
    ['a block label', ['b "l', [0xfe], '" {}\n'], { line: 1, column: 5 }],
  ])('in %s is "Invalid character encoding" at the byte', (_where, parts, at) => {
    const diags = parse(...(parts as (string | number[])[]));
    const enc = diags.filter((d) => d.summary === 'Invalid character encoding');
    expect(enc).toHaveLength(1);
    expect(enc[0].detail).toBe(
      'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.',
    );
    expect(enc[0].subject?.start).toMatchObject(at);
    expect(enc[0].subject?.end.column).toBe(at.column + 1);
  });

  it('is reported once per file, as hclsyntax does', () => {
    const diags = parse('x = "', [0xff], '"\ny = "', [0xff], '"\n');
    expect(diags.filter((d) => d.summary === 'Invalid character encoding')).toHaveLength(1);
  });

  it('is accepted inside comments, where hclsyntax takes any byte', () => {
    expect(parse('# caf', [0xe9], '\n// ', [0xff], '\n/* ', [0xfe, 0x80], ' */\nx = 1\n')).toEqual([]);
  });
});
