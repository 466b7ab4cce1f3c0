import type { Value } from '../../../values/value';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Converts a number argument to a Go `int` the way gocty.FromCtyValue does, so that functions
 * taking counts or bit widths reject fractions and huge values with cty's wording.
 */
export function toGoInt(v: Value): bigint {
  const n = v.asNumber();
  if (!n.isFinite() || !n.isInteger()) throw new Error(intRangeMessage());
  const b = BigInt(n.toFixed(0));
  if (b < INT64_MIN || b > INT64_MAX) throw new Error(intRangeMessage());
  return b;
}

export function intRangeMessage(): string {
  return `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`;
}
