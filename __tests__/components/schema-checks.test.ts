import type { FieldSpec } from '../../src/schema/types';
import { BoolType, NumberType, StringType, listOf, mapOf } from '../../src/values/types';
import { fieldListProblems, shapeOf } from '../support/schema-checks';

// The declaration checks the builtin schema tests rely on must themselves catch mistakes.
describe('declaration checks', () => {
  test('report duplicates, ill-typed defaults, dangling conflicts and misplaced oneOf, also in blocks', () => {
    const fields: FieldSpec[] = [
      { name: 'a', type: StringType, doc: 'x', default: 1 },
      { name: 'a', type: NumberType, doc: 'x' },
      { name: 'b', type: BoolType, doc: 'x', conflictsWith: ['nope'], oneOf: ['x'] },
      { name: 'c', type: { kind: 'duration' }, doc: 'x', default: '5 minutes' },
      { name: 'd', type: listOf(StringType), doc: '', default: ['x', 2] },
      { name: 'e', type: mapOf(StringType), doc: 'x', default: { k: 'v' }, required: true, sensitive: true },
      {
        name: 'f',
        type: {
          kind: 'block',
          repeated: true,
          fields: [{ name: 'g', type: StringType, doc: 'x', oneOf: ['y'], default: 'z' }],
        },
        doc: 'x',
      },
    ];
    expect(fieldListProblems(fields, 't')).toEqual([
      't: duplicate field a',
      't.a: default 1 does not fit the type',
      't.b: conflictsWith names unknown field nope',
      't.b: oneOf on a non-string field',
      't.c: default "5 minutes" does not fit the type',
      't.d: no doc',
      't.d: default ["x",2] does not fit the type',
      't.e: required and defaulted',
      't.e: sensitive non-string field',
      't.f.g: default not in oneOf',
    ]);
  });

  test('accept good declarations', () => {
    const fields: FieldSpec[] = [
      { name: 'a', type: StringType, doc: 'x', default: 'y', oneOf: ['y', 'z'], conflictsWith: ['b'] },
      { name: 'b', type: { kind: 'duration' }, doc: 'x', default: '1h30m' },
      { name: 'c', type: mapOf(NumberType), doc: 'x', default: { k: 1 } },
    ];
    expect(fieldListProblems(fields, 't')).toEqual([]);
  });

  test('shapes read like hcl2spec: durations are strings, blocks nest', () => {
    expect(
      shapeOf([
        { name: 'a', type: { kind: 'duration' }, doc: 'x' },
        {
          name: 'b',
          type: {
            kind: 'block',
            repeated: false,
            fields: [{ name: 'c', type: listOf(StringType), doc: 'x' }],
          },
          doc: 'x',
        },
      ]),
    ).toEqual({ a: 'string', b: { single: { c: 'list(string)' } } });
  });
});
