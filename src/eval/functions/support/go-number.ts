import type { Value } from '../../../values/value';
import { FunctionError } from '../function';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The number as a Go `int`, as gocty.FromCtyValue produces it: fractions, infinities and values
 * outside int64 are rejected with gocty's wording. The error is a FunctionError (cty's functions
 * return gocty's error as is, so Packer reports "Error in function call"); callers that attribute
 * it to an argument re-wrap the message.
 */
export function goInt(v: Value): bigint {
  const n = v.asNumber();
  const message = `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`;
  if (!n.isFinite() || !n.isInteger()) throw new FunctionError(message);
  const b = BigInt(n.toFixed(0));
  if (b < INT64_MIN || b > INT64_MAX) throw new FunctionError(message);
  return b;
}

/** The number as a Go float64 (nearest double; huge values become ±Infinity, as big.Float.Float64). */
export function goFloat64(v: Value): number {
  return v.asNumber().toNumber();
}
