import type { Num } from './number';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** gocty's message for a number that does not fit a Go int (always int64 on Packer's platforms). */
export const WHOLE_NUMBER_MESSAGE = `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`;

/**
 * The number as a Go int, or undefined when it is fractional, infinite or outside int64 (where
 * gocty's conversion fails and `packer console` falls back to float64). bigint keeps
 * huge-but-valid values exact.
 */
export function toGoInt(n: Num): bigint | undefined {
  if (!n.isFinite() || !n.isInteger()) return undefined;
  const b = BigInt(n.toFixed(0));
  return b < INT64_MIN || b > INT64_MAX ? undefined : b;
}
