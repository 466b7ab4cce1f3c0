import { parseJSON } from '../../../src/hcl/json/parser';
import type { JsonValue } from '../../../src/hcl/json/ast';

function diags(src: string): [string, string, string][] {
  return parseJSON(src, 't.json').diagnostics.map((d) => [
    d.summary,
    d.detail,
    d.subject
      ? `${d.subject.start.line}:${d.subject.start.column}-${d.subject.end.line}:${d.subject.end.column}`
      : '',
  ]);
}

function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case 'object':
      return v.properties.map((p) => [p.name, plain(p.value)]);
    case 'array':
      return v.elements.map(plain);
    case 'null':
      return null;
    case 'invalid':
      return '<invalid>';
    default:
      return v.value;
  }
}

describe('parseJSON values', () => {
  it('parses every kind of value, keeping number text and repeated keys in order', () => {
    const r = parseJSON('{"a": 1.50, "b": [true, false, null], "a": "x", "n": -2e+3}', 't.json');
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.root)).toEqual([
      ['a', '1.50'],
      ['b', [true, false, null]],
      ['a', 'x'],
      ['n', '-2e+3'],
    ]);
  });

  it('processes string escapes, including surrogate pairs and lone surrogates', () => {
    const r = parseJSON('["a\\"b\\\\c\\/d\\b\\f\\n\\r\\t", "\\u00e9\\ud83d\\ude00", "\\ud800x"]', 't.json');
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.root)).toEqual(['a"b\\c/d\b\f\n\r\t', 'é😀', '\ufffdx']);
  });

  it('keeps ranges on values and property names', () => {
    const src = '{\n  "name": "é",\n\t"n": 12\n}';
    const r = parseJSON(src, 'f.pkr.json');
    if (r.root.kind !== 'object') throw new Error('not an object');
    const [name, n] = r.root.properties;
    expect(name.nameRange).toEqual({
      filename: 'f.pkr.json',
      start: { line: 2, column: 3, byte: 4 },
      end: { line: 2, column: 9, byte: 10 },
    });
    // "é" is two UTF-8 bytes but one column.
    expect(name.value.range.start).toEqual({ line: 2, column: 11, byte: 12 });
    expect(name.value.range.end).toEqual({ line: 2, column: 14, byte: 16 });
    // A tab counts as two columns, as in hcl's JSON scanner.
    expect(n.nameRange.start).toEqual({ line: 3, column: 3, byte: 19 });
    expect(n.value.range).toMatchObject({ start: { column: 8, byte: 24 }, end: { column: 10, byte: 26 } });
    expect(r.root.openRange.start.byte).toBe(0);
    expect(r.root.closeRange).toMatchObject({ start: { line: 4, column: 1, byte: 27 }, end: { byte: 28 } });
    expect(r.root.range).toMatchObject({ start: { byte: 0 }, end: { byte: 28 } });
  });

  it('counts a CRLF line break as one line with the carriage return taking no column', () => {
    const r = parseJSON('{\r\n"a": 1}', 't.json');
    if (r.root.kind !== 'object') throw new Error('not an object');
    expect(r.root.properties[0].nameRange.start).toEqual({ line: 2, column: 1, byte: 3 });
  });
});

describe('parseJSON errors', () => {
  it.each<[string, string, string, string]>([
    [
      '{"a" = 1}',
      'Missing property value colon',
      'JSON uses a colon as its name/value delimiter, not an equals sign.',
      '1:6-1:7',
    ],
    [
      '{"a" 1}',
      'Missing property value colon',
      "A colon must appear between an object property's name and its value.",
      '1:6-1:7',
    ],
    [
      '{"a"}',
      'Missing object value',
      'A JSON object attribute must have a value, introduced by a colon.',
      '1:5-1:6',
    ],
    [
      '{"a": 1,}',
      'Trailing comma in object',
      'JSON does not permit a trailing comma after the final property in an object.',
      '1:8-1:9',
    ],
    [
      '[1,]',
      'Trailing comma in array',
      'JSON does not permit a trailing comma after the final value in an array.',
      '1:3-1:4',
    ],
    ['{"a": 1', 'Unclosed object', 'No closing brace was found for this JSON object.', '1:1-1:2'],
    ['[1', 'Unclosed object', 'No closing bracket was found for this JSON array.', '1:1-1:2'],
    ['{"a": 1]', 'Mismatched braces', 'A JSON object must be closed with a brace, not a bracket.', '1:8-1:9'],
    ['[1}', 'Mismatched brackets', 'A JSON array must be closed with a bracket, not a brace.', '1:3-1:4'],
    [
      '[1 2]',
      'Missing attribute seperator comma',
      'A comma must appear between each value in an array.',
      '1:4-1:5',
    ],
    [
      '{"a": 1 "b": 2}',
      'Missing attribute seperator comma',
      'A comma must appear between each property definition in an object.',
      '1:9-1:12',
    ],
    ['[1: 2]', 'Invalid array value', 'A colon is not used to introduce values in a JSON array.', '1:3-1:4'],
    [
      '{"a": True}',
      'Invalid JSON keyword',
      '"True" is not a valid JSON keyword. Did you mean "true"?',
      '1:7-1:11',
    ],
    ['{"a": nothing}', 'Invalid JSON keyword', '"nothing" is not a valid JSON keyword.', '1:7-1:14'],
    [
      '{"a": NaN}',
      'Invalid JSON keyword',
      'The JavaScript identifier "NaN" cannot be used in JSON.',
      '1:7-1:10',
    ],
    ['{"a": 01}', 'Invalid JSON number', 'There is a syntax error in the given JSON number.', '1:7-1:9'],
    ['{"a": 1.}', 'Invalid JSON number', 'There is a syntax error in the given JSON number.', '1:7-1:9'],
    [
      '{"a": "b\\qc"}',
      'Invalid JSON string',
      'There is a syntax error in the given JSON string.',
      '1:10-1:11',
    ],
    [
      '{"a": "b\\u12x4"}',
      'Invalid JSON string',
      'There is a syntax error in the given JSON string.',
      '1:13-1:14',
    ],
    ['{"a": "b\n"}', 'Invalid JSON string', 'There is a syntax error in the given JSON string.', '1:9-1:10'],
    ['{1: 2}', 'Invalid object property name', 'A JSON object property name must be a string', '1:2-1:3'],
    [
      '{"a": }',
      'Missing JSON value',
      'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.',
      '1:7-1:8',
    ],
    [
      '{"a": ]}',
      'Missing array element value',
      'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.',
      '1:7-1:8',
    ],
    ['', 'Missing value', 'The JSON data ends prematurely.', '1:1-1:1'],
    [
      '{"a": \'x\'}',
      'Invalid start of value',
      'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.',
      '1:7-1:8',
    ],
    ['{} {}', 'Extraneous data after value', 'Extra characters appear after the JSON value.', '1:4-1:5'],
  ])('%s → %s', (src, summary, detail, range) => {
    expect(diags(src)[0]).toEqual([summary, detail, range]);
  });

  it('gives the whole string token as context for a bad escape', () => {
    const d = parseJSON('{"a": "b\\qc"}', 't.json').diagnostics[0];
    expect(d.context?.start.column).toBe(7);
    expect(d.context?.end.column).toBe(13);
  });

  it('recovers after an error inside an object and reports later problems too', () => {
    const r = parseJSON('{"a": {"b" = 1, "c": {}}, "d": Tru, "e": 3}', 't.json');
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      'Missing property value colon',
      'Invalid JSON keyword',
    ]);
    expect(plain(r.root)).toEqual([
      ['a', []],
      ['d', '<invalid>'],
      ['e', '3'],
    ]);
  });

  it('does not report extraneous data when the value itself was broken', () => {
    expect(diags('{"a" 1}} x').map((d) => d[0])).toEqual(['Missing property value colon']);
  });
});
