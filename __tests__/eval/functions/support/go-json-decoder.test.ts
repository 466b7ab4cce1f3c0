import {
  decodeGoJson,
  GoJsonSyntaxError,
  goQuoteChar,
} from '../../../../src/eval/functions/support/go-json-decoder';
import { renderConsole } from '../../../../src/values/render';
import { typeString } from '../../../../src/values/types';

/** The error message decodeGoJson throws for src (fails the test if it decodes). */
function errorOf(src: string): string {
  try {
    decodeGoJson(src);
  } catch (e) {
    expect(e).toBeInstanceOf(GoJsonSyntaxError);
    return (e as Error).message;
  }
  throw new Error(`decoded ${JSON.stringify(src)} without error`);
}

describe('decodeGoJson values', () => {
  it('implies object and tuple types and keeps numbers exact', () => {
    const v = decodeGoJson('{"a":[1,{"b":null}],"c":12345678901234567890.5}');
    expect(typeString(v.type)).toBe('object({a=tuple([number, object({b=any})]), c=number})');
    expect(v.entries().get('c')?.asNumber().toFixed()).toBe('12345678901234567890.5');
  });

  // All of these were checked with `packer console` (test-env/compare-console.js).
  it('lets a repeated key replace the earlier one', () => {
    expect(renderConsole(decodeGoJson('{"a": 1, "a": 2}'))).toBe('{\n  "a" = 2\n}');
  });
  it('accepts a stray closing bracket after the document, as Decoder.More does', () => {
    expect(renderConsole(decodeGoJson('[1]]'))).toBe('[\n  1,\n]');
    expect(renderConsole(decodeGoJson('1}'))).toBe('1');
  });
  it('turns a lone surrogate escape into U+FFFD', () => {
    expect(decodeGoJson('"\\ud800"').asString()).toBe('\uFFFD');
    expect(decodeGoJson('"\\ud83d\\ude00"').asString()).toBe('😀');
  });
});

describe('decodeGoJson errors (json.Decoder.Token wording)', () => {
  it.each([
    ['', 'EOF'],
    ['  ', 'EOF'],
    ['{', 'EOF'],
    ['[1', 'EOF'],
    ['[1,', 'EOF'],
    ['{"a"', 'EOF'],
    ['{"a":', 'EOF'],
    ['{"a":1', 'EOF'],
    ['"ab', 'unexpected EOF'],
    ['tr', 'unexpected EOF'],
    ['1e', 'unexpected EOF'],
    ['1.', 'unexpected EOF'],
    ['-', 'unexpected EOF'],
    ['"\\u12', 'unexpected EOF'],
    ['{1:2}', "invalid character '1'"],
    ['{[', "invalid character '['"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a" "b"}', `invalid character '"' after object key`],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a":}', "invalid character '}' looking for beginning of value"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[01]', "invalid character '1' after array element"],
    ['[}', "invalid character '}' looking for beginning of value"],
    ['}', "invalid character '}' looking for beginning of value"],
    [':', "invalid character ':' looking for beginning of value"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['.5', "invalid character '.' looking for beginning of value"],
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['tx', "invalid character 'x' in literal true (expecting 'r')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['1 2', 'extraneous data after JSON object'],
    ['01', 'extraneous data after JSON object'],
    ['1x', 'extraneous data after JSON object'],
    ['[1] [2]', 'extraneous data after JSON object'],
  ])('%j → %s', (src, message) => {
    expect(errorOf(src)).toBe(message);
  });
});

describe('goQuoteChar', () => {
  it('quotes as Go quoteChar does, byte-wise', () => {
    expect(goQuoteChar('a')).toBe("'a'");
    expect(goQuoteChar('"')).toBe(`'"'`);
    expect(goQuoteChar('\\')).toBe("'\\\\'");
    expect(goQuoteChar('\x01')).toBe("'\\x01'");
    // U+00A0 is C2 A0 in UTF-8; Go shows the first byte as the Latin-1 rune Â.
    expect(goQuoteChar('\u00a0')).toBe("'Â'");
  });
});
