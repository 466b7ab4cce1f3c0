import { writeUnknownPlaceholders } from '../../src/schema/unknown-placeholders';
import { BoolType, NumberType, StringType, listOf, mapOf, objectOf } from '../../src/values/types';
import { SENSITIVE, Value } from '../../src/values/value';

describe("Packer's unknown placeholders", () => {
  it('replaces unknowns at any depth by their type, keeping marks and known values', () => {
    expect(writeUnknownPlaceholders(Value.unknown(StringType)).asString()).toBe('<unknown>');
    expect(writeUnknownPlaceholders(Value.unknown(NumberType)).asNumber().toNumber()).toBe(0);
    expect(writeUnknownPlaceholders(Value.unknown(BoolType)).asBool()).toBe(false);
    expect(writeUnknownPlaceholders(Value.unknown(listOf(StringType))).length()).toBe(0);
    expect(writeUnknownPlaceholders(Value.unknown(mapOf(StringType))).length()).toBe(0);
    const nested = Value.object({
      known: Value.string('k'),
      list: Value.list([Value.string('a'), Value.unknown(StringType)]),
    });
    const out = writeUnknownPlaceholders(nested);
    expect(out.getAttr('known')?.asString()).toBe('k');
    expect(
      out
        .getAttr('list')
        ?.elements()
        .map((e) => e.asString()),
    ).toEqual(['a', '<unknown>']);
    const secret = writeUnknownPlaceholders(Value.unknown(StringType).mark(SENSITIVE));
    expect(secret.isSensitive()).toBe(true);
    expect(writeUnknownPlaceholders(Value.unknown(objectOf({ a: StringType }))).isNull()).toBe(true);
  });
});
