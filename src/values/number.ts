import Decimal from 'decimal.js';

/**
 * Numbers are arbitrary-precision decimals. cty uses 512-bit binary floats; a 160-significant-digit
 * decimal context keeps integers and decimal literals exact (0.1 + 0.2 is exactly 0.3) while giving
 * at least as much precision for quotients and roots.
 */
export const Num = Decimal.clone({
  precision: 160,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -1e9,
  toExpPos: 1e9,
});
export type Num = Decimal;

export function num(v: number | string | Decimal): Num {
  return new Num(v);
}
