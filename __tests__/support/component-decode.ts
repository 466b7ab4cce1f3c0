import { EvalContext } from '../../src/eval/context';
import type { Range } from '../../src/hcl/pos';
import { decodeComponentConfig } from '../../src/schema/decode';
import type { ComponentSchema, DecodedConfig } from '../../src/schema/types';
import { StringType, listOf, mapOf } from '../../src/values/types';
import { SENSITIVE, Value } from '../../src/values/value';
import { parseBody } from './diagnostics';

/**
 * Component configs through the real decoder: a body written as HCL or JSON text, decoded against a
 * schema in a scope with a few `var.*` values (compare diagnostics with ./diagnostics.ts).
 */

/** The block header the tests pretend the body came from. */
export const HEADER: Range = {
  filename: 'test.pkr.hcl',
  start: { line: 100, column: 1, byte: 5000 },
  end: { line: 100, column: 20, byte: 5019 },
};

/** `var.*` values for expressions: a plain string, a sensitive one, values not known yet. */
export const testVars = new EvalContext({
  variables: {
    var: Value.object({
      plain: Value.string('plain'),
      secret: Value.string('s3cret').mark(SENSITIVE),
      later: Value.unknown(StringType),
      laterList: Value.unknown(listOf(StringType)),
      laterMap: Value.unknown(mapOf(StringType)),
      items: Value.tuple([Value.string('a'), Value.string('b')]),
    }),
  },
});

export function decode(schema: ComponentSchema, src: string, filename = 'test.pkr.hcl'): DecodedConfig {
  return decodeComponentConfig(schema, parseBody(src, filename), testVars, { range: HEADER });
}
