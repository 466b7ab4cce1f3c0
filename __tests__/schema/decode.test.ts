import type { ComponentSchema, ConfigProblem, ConfigView } from '../../src/schema/types';
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  typeString,
} from '../../src/values/types';
import { HEADER, decode } from '../support/component-decode';
import { at, summarizeWithSeverity } from '../support/diagnostics';

function sizeCheck(block: ConfigView): ConfigProblem[] {
  const size = block.number('size');
  return size !== undefined && size < 1 ? [{ message: 'size must be at least 1', field: 'size' }] : [];
}

const SCHEMA: ComponentSchema = {
  kind: 'provisioner',
  type: 'test',
  plugin: 'builtin',
  doc: 'A component for tests.',
  fields: [
    { name: 'name', type: StringType, doc: 'Name.', required: true },
    { name: 'count', type: NumberType, doc: 'Count.', default: 3 },
    { name: 'enabled', type: BoolType, doc: 'Enabled.' },
    { name: 'tags', type: listOf(StringType), doc: 'Tags.' },
    { name: 'labels', type: mapOf(StringType), doc: 'Labels.' },
    { name: 'timeout', type: { kind: 'duration' }, doc: 'Timeout.', default: '5m' },
    { name: 'mode', type: StringType, doc: 'Mode.', oneOf: ['fast', 'slow'] },
    { name: 'content', type: StringType, doc: 'Content.', conflictsWith: ['source'] },
    { name: 'source', type: StringType, doc: 'Source.' },
    { name: 'password', type: StringType, doc: 'Password.', sensitive: true },
    { name: 'anything', type: DynamicType, doc: 'Anything.' },
    {
      name: 'old_name',
      type: StringType,
      doc: 'Old.',
      deprecated: 'old_name is deprecated, use name instead',
    },
    {
      name: 'filter',
      doc: 'One filter.',
      type: {
        kind: 'block',
        repeated: false,
        fields: [
          { name: 'owners', type: listOf(StringType), doc: 'Owners.', required: 'filter needs owners' },
          { name: 'most_recent', type: BoolType, doc: 'Latest.', default: false },
        ],
      },
    },
    {
      name: 'device',
      doc: 'Devices.',
      type: {
        kind: 'block',
        repeated: true,
        fields: [
          { name: 'device_name', type: StringType, doc: 'Device.', required: true },
          { name: 'size', type: NumberType, doc: 'Size.' },
          { name: 'wait', type: { kind: 'duration' }, doc: 'Wait.' },
        ],
        validate: sizeCheck,
      },
    },
  ],
  validate: (v) => {
    const problems: ConfigProblem[] = [];
    if (v.string('name') === 'forbidden')
      problems.push({ message: 'name may not be forbidden', field: 'name' });
    if (v.number('count') === 7)
      problems.push({ severity: 'warning', message: 'seven is unlucky', detail: 'Really.' });
    return problems;
  },
};

describe('hcl decoding', () => {
  test('an unexpected argument is hcl\'s "Unsupported argument" with a suggestion, and stops the checks', () => {
    const r = decode(SCHEMA, 'nmae = "x"\n');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Unsupported argument',
        'An argument named "nmae" is not expected here. Did you mean "name"?',
        '1:1-1:5',
      ],
    ]);
  });

  test('an unexpected block and an argument written as a block', () => {
    const r = decode(SCHEMA, 'name = "n"\nfilters {\n}\ntags {\n}\n');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Unsupported block type',
        'Blocks of type "filters" are not expected here. Did you mean "filter"?',
        '2:1-2:8',
      ],
      [
        'error',
        'Unsupported block type',
        'Blocks of type "tags" are not expected here. Did you mean to define argument "tags"? If so, use the equals sign to assign it a value.',
        '4:1-4:5',
      ],
    ]);
  });

  test('JSON syntax: an unknown property', () => {
    const r = decode(SCHEMA, '{"name": "n", "cont": "x"}', 'test.pkr.json');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Extraneous JSON object property',
        'No argument or block type is named "cont". Did you mean "count"?',
        '1:15-1:21',
      ],
    ]);
  });

  test('a value of the wrong type is hcldec\'s "Incorrect attribute value type" at the expression', () => {
    const r = decode(SCHEMA, 'name  = "n"\ncount = "many"\ntags  = "one"\nenabled = [true]\n');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Incorrect attribute value type',
        'Inappropriate value for attribute "count": a number is required.',
        '2:9-2:15',
      ],
      // In declaration order, as the fields are listed.
      [
        'error',
        'Incorrect attribute value type',
        'Inappropriate value for attribute "enabled": bool required.',
        '4:11-4:17',
      ],
      [
        'error',
        'Incorrect attribute value type',
        'Inappropriate value for attribute "tags": list of string required.',
        '3:9-3:14',
      ],
    ]);
    expect(at(r.diagnostics[0].context)).toBe('2:1-2:15');
    // As hcldec: an unknown of the field's type stands in for the value.
    expect(r.values.get('count')?.isKnown()).toBe(false);
    expect(r.values.get('count')?.type).toEqual(NumberType);
  });

  test('JSON syntax: a type error points at the JSON value', () => {
    const r = decode(SCHEMA, '{\n  "name": "n",\n  "count": {"a": 1}\n}', 'test.pkr.json');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Incorrect attribute value type',
        'Inappropriate value for attribute "count": number required.',
        '3:12-3:20',
      ],
    ]);
  });

  test('values convert with cty rules', () => {
    const r = decode(
      SCHEMA,
      'name = 42\ncount = "12"\nenabled = "true"\ntags = ["a", 1]\nlabels = { a = 1 }\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.view.string('name')).toBe('42');
    expect(r.view.number('count')).toBe(12);
    expect(r.view.bool('enabled')).toBe(true);
    expect(r.view.strings('tags')).toEqual(['a', '1']);
    expect(r.view.stringMap('labels')).toEqual({ a: '1' });
  });

  test('defaults apply to unset options; unset options without one are null', () => {
    const r = decode(SCHEMA, 'name = "n"\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.view.number('count')).toBe(3);
    expect(r.view.isSet('count')).toBe(false);
    expect(r.view.duration('timeout')).toBe(300_000);
    expect(r.values.get('timeout')?.asString()).toBe('5m');
    expect(r.view.bool('enabled')).toBeUndefined();
    expect(r.values.get('enabled')?.isNull()).toBe(true);
    expect(r.values.get('enabled')?.type).toEqual(BoolType);
    expect(r.values.get('filter')?.isNull()).toBe(true);
    expect(r.values.get('device')?.length()).toBe(0);
    expect(r.view.blocks('device')).toEqual([]);
    expect(r.range).toBe(HEADER);
  });

  test('null is "not set": the default applies', () => {
    const r = decode(SCHEMA, 'name = "n"\ncount = null\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.view.isSet('count')).toBe(false);
    expect(r.view.number('count')).toBe(3);
  });

  test('where each option was written', () => {
    const r = decode(SCHEMA, 'name = "n"\n\nfilter {\n  owners = ["me"]\n}\n');
    expect(at(r.ranges.get('name'))).toBe('1:1-1:11');
    expect(at(r.ranges.get('filter'))).toBe('3:1-3:7');
    expect(r.ranges.has('count')).toBe(false);
  });
});

describe('Prepare checks', () => {
  test('a missing required option points at the block header; an empty one at the attribute', () => {
    expect(summarizeWithSeverity(decode(SCHEMA, 'count = 1\n').diagnostics)).toEqual([
      ['error', 'name must be specified', '', at(HEADER)],
    ]);
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = ""\n').diagnostics)).toEqual([
      ['error', 'name must be specified', '', '1:1-1:10'],
    ]);
  });

  test('conflicting options: one error per pair, at the later one; empty values do not conflict', () => {
    expect(
      summarizeWithSeverity(decode(SCHEMA, 'name = "n"\nsource = "a"\ncontent = "b"\n').diagnostics),
    ).toEqual([['error', 'Only one of content or source can be specified.', '', '3:1-3:14']]);
    expect(decode(SCHEMA, 'name = "n"\nsource = "a"\ncontent = ""\n').diagnostics).toEqual([]);
  });

  test('a value outside oneOf', () => {
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = "n"\nmode = "medium"\n').diagnostics)).toEqual([
      ['error', "mode ('medium') is invalid, valid values: fast, slow", '', '2:1-2:16'],
    ]);
    expect(decode(SCHEMA, 'name = "n"\nmode = "slow"\n').diagnostics).toEqual([]);
  });

  test('durations follow time.ParseDuration; a bad one stops the later checks as in Packer', () => {
    const r = decode(SCHEMA, 'timeout = "5 minutes"\nmode = "medium"\n');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Failed parsing timeout',
        'time: unknown unit " minutes" in duration "5 minutes"',
        '1:1-1:22',
      ],
    ]);
    expect(r.view.duration('timeout')).toBeUndefined();
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = "n"\ntimeout = ""\n').diagnostics)).toEqual([
      ['error', 'Failed parsing timeout', 'time: invalid duration ""', '2:1-2:13'],
    ]);
    // A number converts to a string first, which then lacks a unit.
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = "n"\ntimeout = 5\n').diagnostics)).toEqual([
      ['error', 'Failed parsing timeout', 'time: missing unit in duration "5"', '2:1-2:12'],
    ]);
    expect(decode(SCHEMA, 'name = "n"\ntimeout = "1h30m"\n').view.duration('timeout')).toBe(5_400_000);
  });

  test('a deprecated option is a warning, whatever else happens', () => {
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = "n"\nold_name = "x"\n').diagnostics)).toEqual([
      ['warning', 'old_name is deprecated, use name instead', '', '2:1-2:15'],
    ]);
    expect(
      summarizeWithSeverity(decode(SCHEMA, 'old_name = "x"\ncount = "x"\n').diagnostics).map((d) => d[1]),
    ).toEqual(['Incorrect attribute value type', 'old_name is deprecated, use name instead']);
  });

  test("the component's own checks: problems at their field, or at the header", () => {
    expect(summarizeWithSeverity(decode(SCHEMA, 'name = "forbidden"\ncount = 7\n').diagnostics)).toEqual([
      ['error', 'name may not be forbidden', '', '1:1-1:19'],
      ['warning', 'seven is unlucky', 'Really.', at(HEADER)],
    ]);
  });

  test("a value not known yet reaches the checks as Packer's placeholder of its type", () => {
    // hcl2shim.WriteUnknownPlaceholderValues: "<unknown>", 0, false, empty collections.
    const r = decode(
      SCHEMA,
      [
        'name = var.later',
        'mode = var.later',
        'content = var.later',
        'count = var.later',
        'enabled = var.later',
        'labels = var.laterMap',
        'filter {',
        '  owners = [var.later]',
        '}',
      ].join('\n'),
    );
    expect(r.view.string('name')).toBe('<unknown>');
    expect(r.view.number('count')).toBe(0);
    expect(r.view.bool('enabled')).toBe(false);
    expect(r.view.stringMap('labels')).toEqual({});
    expect(r.view.blocks('filter')[0].strings('owners')).toEqual(['<unknown>']);
    // So an enumerated option fails its check, as the plugin's Prepare does in Packer.
    expect(summarizeWithSeverity(r.diagnostics).map((d) => d[1])).toEqual([
      "mode ('<unknown>') is invalid, valid values: fast, slow",
    ]);
  });

  test('a duration not known yet is the placeholder, which does not parse', () => {
    const r = decode(SCHEMA, 'name = "n"\ntimeout = var.later\n');
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error']);
    expect(r.diagnostics[0].detail ?? r.diagnostics[0].summary).toContain('<unknown>');
  });
});

describe('nested blocks', () => {
  const SRC = [
    'name = "n"',
    'filter {',
    '  owners = ["self"]',
    '}',
    'device {',
    '  device_name = "/dev/sda1"',
    '  size = 8',
    '}',
    'device {',
    '  device_name = "/dev/sdb"',
    '  wait = "10s"',
    '}',
    '',
  ].join('\n');

  test('a single block decodes to an object, repeated ones to a list of objects', () => {
    const r = decode(SCHEMA, SRC);
    expect(r.diagnostics).toEqual([]);
    expect(typeString(r.values.get('filter')!.type)).toBe('object({most_recent=bool, owners=list(string)})');
    expect(typeString(r.values.get('device')!.type)).toBe(
      'list(object({device_name=string, size=number, wait=string}))',
    );
    const [filter] = r.view.blocks('filter');
    expect(filter.strings('owners')).toEqual(['self']);
    expect(filter.bool('most_recent')).toBe(false);
    const devices = r.view.blocks('device');
    expect(devices.map((d) => d.string('device_name'))).toEqual(['/dev/sda1', '/dev/sdb']);
    expect(devices.map((d) => d.number('size'))).toEqual([8, undefined]);
    expect(devices[1].duration('wait')).toBe(10_000);
  });

  test('JSON syntax: an array of objects is several blocks', () => {
    const r = decode(
      SCHEMA,
      '{"name": "n", "device": [{"device_name": "a"}, {"device_name": "b", "size": 2}], "filter": {"owners": ["x"]}}',
      'test.pkr.json',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.view.blocks('device').map((d) => d.string('device_name'))).toEqual(['a', 'b']);
    expect(r.view.blocks('filter')[0].strings('owners')).toEqual(['x']);
  });

  test('checks inside blocks point inside them; block-level validate runs per block', () => {
    const src =
      'name = "n"\nfilter {\n}\ndevice {\n  size = 0\n}\ndevice {\n  device_name = "b"\n  wait = "forever"\n}\n';
    const r = decode(SCHEMA, src);
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      ['error', 'Failed parsing wait', 'time: invalid duration "forever"', '9:3-9:19'],
    ]);
    const fixed = decode(SCHEMA, src.replace('"forever"', '"1s"'));
    expect(summarizeWithSeverity(fixed.diagnostics)).toEqual([
      ['error', 'filter needs owners', '', '2:1-2:7'],
      ['error', 'device_name must be specified', '', '4:1-4:7'],
      ['error', 'size must be at least 1', '', '5:3-5:11'],
    ]);
  });

  test('a second single block is hcldec\'s "Duplicate ... block"', () => {
    const r = decode(SCHEMA, 'name = "n"\nfilter {\n  owners = ["a"]\n}\nfilter {\n  owners = ["b"]\n}\n');
    expect(summarizeWithSeverity(r.diagnostics)).toEqual([
      [
        'error',
        'Duplicate filter block',
        'Only one block of type "filter" is allowed. Previous definition was at test.pkr.hcl:2,1-7.',
        '5:1-5:7',
      ],
    ]);
  });

  test('dynamic blocks expand before decoding', () => {
    const r = decode(
      SCHEMA,
      'name = "n"\ndynamic "device" {\n  for_each = var.items\n  content {\n    device_name = "/dev/${device.value}"\n  }\n}\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.view.blocks('device').map((d) => d.string('device_name'))).toEqual(['/dev/a', '/dev/b']);
  });

  test('a dynamic block over a for_each not known yet is an empty list of blocks, none checked', () => {
    // hcldec makes the list unknown; Packer's placeholder for an unknown list is an empty one.
    const r = decode(
      SCHEMA,
      'name = "n"\ndynamic "device" {\n  for_each = var.laterList\n  content {\n    size = 0\n  }\n}\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.values.get('device')?.isKnown()).toBe(true);
    expect(r.values.get('device')?.length()).toBe(0);
    expect(r.view.blocks('device')).toEqual([]);
  });
});

describe('marks and the view', () => {
  test('sensitive options are marked; marks from expressions are kept; readers see plain values', () => {
    const r = decode(SCHEMA, 'name = var.secret\npassword = "hunter2"\ntags = [var.secret]\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.values.get('name')?.isSensitive()).toBe(true);
    expect(r.values.get('password')?.isSensitive()).toBe(true);
    expect(r.values.get('tags')?.containsMarked()).toBe(true);
    expect(r.view.string('name')).toBe('s3cret');
    expect(r.view.string('password')).toBe('hunter2');
    expect(r.view.strings('tags')).toEqual(['s3cret']);
    expect(r.values.get('source')?.isSensitive()).toBe(false);
  });

  test('an `any` option keeps the value as written; getters of another shape read it as unset', () => {
    const r = decode(SCHEMA, 'name = "n"\nanything = { a = [1] }\n');
    expect(r.diagnostics).toEqual([]);
    expect(typeString(r.view.value('anything').type)).toBe('object({a=tuple([number])})');
    expect(r.view.string('anything')).toBeUndefined();
  });

  test('reading an undeclared option, or a declared one as another type, is a bug and throws', () => {
    const r = decode(SCHEMA, 'name = "n"\n');
    expect(() => r.view.string('nope')).toThrow('no option named nope is declared');
    expect(() => r.view.number('name')).toThrow('cannot be read as number');
    expect(() => r.view.duration('name')).toThrow('not a duration');
    expect(() => r.view.blocks('name')).toThrow('not a block');
    expect(() => r.view.strings('filter')).toThrow('cannot be read as list');
  });
});
