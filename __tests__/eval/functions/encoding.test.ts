import { gunzipSync } from 'node:zlib';
import { DynamicType, NumberType, StringType, typeString } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { argError, callError, caller, num, plain, str } from './family-harness';

const call = caller();
const s = (name: string, ...args: string[]): string => call(name, ...args.map(str)).asString();

describe('base64 and url functions', () => {
  it('encode and decode', () => {
    expect(s('base64encode', 'Hello World')).toBe('SGVsbG8gV29ybGQ=');
    expect(s('base64decode', 'SGVsbG8gV29ybGQ=')).toBe('Hello World');
    expect(s('urlencode', 'a b/c~ü')).toBe('a+b%2Fc~%C3%BC');
    const gz = Buffer.from(s('base64gzip', 'hello'), 'base64');
    expect(gz[9]).toBe(0xff);
    expect(gunzipSync(gz).toString()).toBe('hello');
    // Packer's own test vectors (hcl2template/function/encoding_test.go): Flush then Close framing.
    expect(s('base64gzip', 'test')).toBe('H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA');
    expect(s('base64gzip', 'helloworld')).toBe('H4sIAAAAAAAA/8pIzcnJL88vykkBAAAA//8BAAD//60g6/kKAAAA');
  });
  it('reports base64 errors with go-cty-funcs wording', () => {
    expect(callError(() => s('base64decode', 'abc'))).toBe("failed to decode base64 data 'abc'");
    expect(callError(() => s('base64decode', 'a$==')).startsWith('failed to decode')).toBe(true);
    expect(callError(() => s('base64decode', '/w=='))).toBe(
      'the result of decoding the the provided string is not valid UTF-8',
    );
  });
  it('converts text encodings', () => {
    expect(s('textencodebase64', 'Hello World', 'UTF-16LE')).toBe('SABlAGwAbABvACAAVwBvAHIAbABkAA==');
    expect(s('textdecodebase64', 'SABlAGwAbABvACAAVwBvAHIAbABkAA==', 'utf-16le')).toBe('Hello World');
    expect(s('textencodebase64', 'é€', 'windows-1252')).toBe(Buffer.from([0xe9, 0x80]).toString('base64'));
    expect(argError(() => s('textencodebase64', 'x', 'klingon'))).toEqual({
      argIndex: 1,
      message: '"klingon" is not a supported IANA encoding name or alias',
    });
    expect(argError(() => s('textencodebase64', 'é', 'ascii'))).toEqual({
      argIndex: 0,
      message: 'the given string contains characters that cannot be represented in US-ASCII',
    });
    expect(argError(() => s('textdecodebase64', 'gA==', 'US-ASCII'))).toEqual({
      argIndex: 0,
      message: 'the given string contains symbols that are not defined for US-ASCII',
    });
    expect(argError(() => s('textdecodebase64', 'ab!c', 'UTF-8'))).toEqual({
      argIndex: 0,
      message: 'the given value is has an invalid base64 symbol at offset 2',
    });
  });
});

describe('csvdecode', () => {
  it('decodes rows to objects keyed by the header', () => {
    const v = call('csvdecode', str('a,b\n1,"x, ""y"""\r\n\n3,4\n'));
    expect(typeString(v.type)).toBe('list(object({a=string, b=string}))');
    expect(plain(v)).toEqual([
      { a: '1', b: 'x, "y"' },
      { a: '3', b: '4' },
    ]);
    expect(typeString(call('csvdecode', str('a,b\n')).type)).toBe('list(object({a=string, b=string}))');
  });
  it('reports errors', () => {
    expect(callError(() => call('csvdecode', str('a,b\n1,2,3\n')))).toBe(
      'CSV parse error on line 2: wrong number of fields',
    );
    expect(callError(() => call('csvdecode', str('a,b\n1,x"y\n')))).toBe(
      'CSV parse error on line 2: bare " in non-quoted-field',
    );
    expect(callError(() => call('csvdecode', str('')))).toBe('missing header line');
    expect(callError(() => call('csvdecode', str('a,a\n')))).toBe('duplicate column name "a"');
    // Go's %q, not JSON: a no-break space is escaped (checked with packer console).
    expect(callError(() => call('csvdecode', str('a\u00a0,a\u00a0\n')))).toBe(
      'duplicate column name "a\\u00a0"',
    );
  });
});

describe('jsonencode and jsondecode', () => {
  it('encodes with Go escaping and sorted keys', () => {
    const v = Value.object({
      c: str('<>&\u2028\b'),
      a: num('1.5'),
      b: Value.tuple([num(1), str('x'), Value.nullOf(StringType)]),
    });
    expect(call('jsonencode', v).asString()).toBe(
      '{"a":1.5,"b":[1,"x",null],"c":"\\u003c\\u003e\\u0026\\u2028\\b"}',
    );
    expect(call('jsonencode', Value.DynamicNull).asString()).toBe('null');
    expect(call('jsonencode', Value.unknown(NumberType)).isKnown()).toBe(false);
  });
  it("refuses infinity with cty's json.Marshal wording", () => {
    expect(callError(() => call('jsonencode', Value.number(num('1').asNumber().div(0))))).toBe(
      'cannot serialize infinity as JSON',
    );
  });
  it('decodes with implied types and exact numbers', () => {
    const v = call('jsondecode', str('{"a":[1,"x",true,null],"b":{"c":12345678901234567890.5}}'));
    expect(typeString(v.type)).toBe('object({a=tuple([number, string, bool, any]), b=object({c=number})})');
    expect(plain(v)).toEqual({ a: ['1', 'x', true, null], b: { c: '12345678901234567890.5' } });
    expect(call('jsondecode', str('"x"')).asString()).toBe('x');
    expect(call('jsondecode', Value.unknown(StringType)).type).toEqual(DynamicType);
  });
  it('reports Go decoder errors', () => {
    expect(callError(() => call('jsondecode', str('{"a":}')))).toBe(
      "invalid character '}' looking for beginning of value",
    );
    // json.Decoder.Token: running out between tokens is "EOF", inside a scalar "unexpected EOF".
    expect(callError(() => call('jsondecode', str('{"a":1')))).toBe('EOF');
    expect(callError(() => call('jsondecode', str('[1, "ab')))).toBe('unexpected EOF');
    expect(callError(() => call('jsondecode', str('1 2')))).toBe('extraneous data after JSON object');
    // cty 1.13.3 (Packer's pin) lets a repeated key replace the earlier one.
    expect(plain(call('jsondecode', str('{"a":1,"a":2}')))).toEqual({ a: '2' });
    expect(callError(() => call('jsondecode', str('')))).toBe('EOF');
  });
});

describe('yamlencode', () => {
  const y = (v: Value): string => call('yamlencode', v).asString();
  it('matches go-cty-yaml output (checked against Packer)', () => {
    const v = Value.object({
      a: num(1),
      'b c': Value.tuple([Value.True, Value.nullOf(StringType), str('x')]),
      d: Value.object({ e: str('yes') }),
      f: str('1.5'),
      g: str(''),
      h: str('multi\nline\n'),
    });
    expect(y(v)).toBe(
      '"a": 1\n"b c":\n- true\n- null\n- "x"\n"d":\n  "e": "yes"\n"f": "1.5"\n"g": ""\n"h": |\n  multi\n  line\n',
    );
    expect(y(str('a'))).toBe('"a"\n');
    // libyaml closes a document whose root is a plain scalar with "...".
    expect(y(num(1))).toBe('1\n...\n');
    expect(y(Value.True)).toBe('true\n...\n');
    expect(y(Value.nullOf(StringType))).toBe('null\n...\n');
    // libyaml's is_printable stops at the BMP: astral characters are \U escapes.
    expect(y(str('é☃😀'))).toBe('"é☃\\U0001F600"\n');
    expect(y(Value.tuple([]))).toBe('[]\n');
    expect(y(Value.object({}))).toBe('{}\n');
    expect(y(str('multi\nline'))).toBe('|-\n  multi\n  line\n');
    expect(
      y(Value.tuple([str('a\nb'), str('a\n\n'), str(' x\ny'), str('a \nb'), str('tab\there'), str('q"\\')])),
    ).toBe('- |-\n  a\n  b\n- |+\n  a\n\n- |2-\n   x\n  y\n- "a \\nb"\n- "tab\\there"\n- "q\\"\\\\"\n');
    expect(
      y(Value.tuple([Value.tuple([num(1), num(2)]), Value.object({ a: Value.tuple([]) }), Value.object({})])),
    ).toBe('- - 1\n  - 2\n- "a": []\n- {}\n');
    expect(y(Value.object({ a: Value.object({ b: Value.object({ c: str('x\ny\n') }) }) }))).toBe(
      '"a":\n  "b":\n    "c": |\n      x\n      y\n',
    );
  });
  it('folds long double-quoted strings at column 80 like libyaml', () => {
    const words = Array(30).fill('word').join(' ');
    expect(y(Value.object({ a: str(words) }))).toBe(
      `"a": "${Array(16).fill('word').join(' ')}\n  ${Array(14).fill('word').join(' ')}"\n`,
    );
  });
});

describe('yamldecode', () => {
  it('resolves scalars as go-cty-yaml does', () => {
    const v = call(
      'yamldecode',
      str(
        'a: 1\nb: [1, yes, ~, "yes", 0x1F, 1.5e3, .inf]\nc: !!binary aGVsbG8=\nd: 2001-12-14 21:59:43.10\ne: |\n  text\n',
      ),
    );
    expect(plain(v)).toEqual({
      a: '1',
      // Untagged, only decimal syntax is a number (cty.ParseNumberVal): 0x1F stays a string.
      b: ['1', true, null, 'yes', '0x1F', '1500', 'Infinity'],
      c: 'aGVsbG8=',
      d: '2001-12-14T21:59:43Z',
      e: 'text\n',
    });
    expect(plain(call('yamldecode', str('p: &a {k: v}\nq: *a\n')))).toEqual({ p: { k: 'v' }, q: { k: 'v' } });
    // Keys resolve like any scalar first: YAML 1.1 reads "y" as true.
    expect(plain(call('yamldecode', str('y: 1\n')))).toEqual({ true: '1' });
  });
  // Each expectation below was checked with packer console (test-env/compare-console.js).
  it('reads numbers with go-cty-yaml rules', () => {
    const y = (src: string): unknown => plain(call('yamldecode', str(src)));
    expect(y('[0o17, 017, 0b101, -0b101, 1_000, +5, 1., .5, -inf]')).toEqual([
      '0o17',
      '17',
      '5',
      '-5',
      '1000',
      '5',
      '1',
      '0.5',
      '-Infinity',
    ]);
    expect(y('[!!int 0x10, !!int 017, !!int 0b11]')).toEqual(['16', '17', '3']);
  });
  it('merges "<<" mappings and gives unknown for a null document', () => {
    expect(plain(call('yamldecode', str('<<: {a: 1, b: 1}\nb: 2')))).toEqual({ a: '1', b: '2' });
    expect(call('yamldecode', str('~')).isKnown()).toBe(false);
    expect(call('yamldecode', str('---')).isKnown()).toBe(false);
  });
  it('reports document structure errors with go-cty-yaml positions', () => {
    const err = (src: string): string => callError(() => call('yamldecode', str(src)));
    expect(err('')).toBe('on line 1, column 1: missing start of document');
    expect(err('# c\n\n')).toBe('on line 2, column 1: missing start of document');
    expect(err('a: 1\n---\nb: 2')).toBe('on line 1, column 1: unexpected extra content after value');
    expect(err('? [1]\n: x')).toBe('only strings are allowed as mapping keys');
    expect(err('a: *nope')).toBe('reference to undefined anchor "nope"');
    expect(err('!!foo x')).toBe('unsupported tag "tag:yaml.org,2002:foo"');
  });
  it('reports errors', () => {
    expect(callError(() => call('yamldecode', str('a: .nan')))).toBe('floating point NaN is not supported');
    expect(callError(() => call('yamldecode', str('a: !!int xyz')))).toBe(
      'cannot parse "xyz" as tag:yaml.org,2002:int',
    );
    expect(callError(() => call('yamldecode', str('a: !foo x')))).toBe('unsupported tag "!foo"');
    expect(callError(() => call('yamldecode', str('a: [1')))).toMatch(/^on line 1/);
  });
});
