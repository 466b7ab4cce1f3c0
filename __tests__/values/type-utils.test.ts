import { withoutOptionalAttributesDeep } from '../../src/values/type-utils';
import { NumberType, StringType, listOf, mapOf, objectOf, tupleOf, typeEquals } from '../../src/values/types';

describe('withoutOptionalAttributesDeep', () => {
  it('removes optional markers at any depth', () => {
    const inner = objectOf({ a: StringType, b: NumberType }, new Set(['b']));
    const t = listOf(mapOf(tupleOf([StringType, inner])));
    const stripped = withoutOptionalAttributesDeep(t);
    expect(
      typeEquals(stripped, listOf(mapOf(tupleOf([StringType, objectOf({ a: StringType, b: NumberType })])))),
    ).toBe(true);
    expect(typeEquals(stripped, t)).toBe(false);
  });

  it('returns a type without markers as it is, without copying it (conversions call it per value)', () => {
    const t = listOf(objectOf({ a: StringType, b: tupleOf([NumberType, mapOf(StringType)]) }));
    expect(withoutOptionalAttributesDeep(t)).toBe(t);
    expect(withoutOptionalAttributesDeep(StringType)).toBe(StringType);
  });
});
