import { Num, num } from './number';

/**
 * Number ↔ string exactly as cty does it. cty stores numbers as 512-bit binary floats and prints them
 * with big.Float's Text('f', -1): plain notation (never an exponent) with the fewest decimal digits
 * that still identify that binary float. Kiln stores 160-digit decimals, so to print the same digits
 * we round to the 512-bit float cty would hold and search for its shortest decimal representation.
 */

const MANTISSA_BITS = 512n;
const TEN = 10n;

/** A decimal with at most this many significant digits is already the shortest form of its 512-bit float. */
const SHORT_ENOUGH_DIGITS = 150;

export function formatNumber(n: Num): string {
  if (n.isNaN()) return 'NaN';
  if (!n.isFinite()) return n.isNeg() ? '-Inf' : '+Inf';
  if (n.isZero()) return n.isNeg() ? '-0' : '0';
  if (n.precision() <= SHORT_ENOUGH_DIGITS) return n.toFixed();
  return (n.isNeg() ? '-' : '') + shortestOf512(n.abs());
}

/** The shortest plain decimal that rounds to the same 512-bit float as the (positive) input. */
function shortestOf512(x: Num): string {
  const [digits, exp10] = decimalParts(x);
  // The nearest 512-bit float is m * 2^e2, with 2^511 <= m < 2^512.
  let numer = exp10 >= 0 ? digits * TEN ** BigInt(exp10) : digits;
  let denom = exp10 >= 0 ? 1n : TEN ** BigInt(-exp10);
  let e2 = BigInt(bitLength(numer) - bitLength(denom)) - MANTISSA_BITS;
  if (e2 > 0n) denom <<= e2;
  else numer <<= -e2;
  let m = divRoundHalfEven(numer, denom);
  if (m >= 1n << MANTISSA_BITS) {
    m = divRoundHalfEven(numer, denom * 2n);
    e2 += 1n;
  } else if (m < 1n << (MANTISSA_BITS - 1n)) {
    m = divRoundHalfEven(numer * 2n, denom);
    e2 -= 1n;
  }
  // Exact decimal forms (integer × 10^p) of the float and of its rounding interval's ends.
  const value = exactDecimal(2n * m, e2 - 1n);
  const lower = exactDecimal(2n * m - 1n, e2 - 1n);
  const upper = exactDecimal(2n * m + 1n, e2 - 1n);
  const inclusive = m % 2n === 0n;
  const p = value.p; // all three share the exponent
  const s = value.int.toString();
  for (let k = 1; k <= s.length; k++) {
    const drop = s.length - k;
    const scale = TEN ** BigInt(drop);
    let q = value.int / scale;
    if ((value.int % scale) * 2n >= scale) q += 1n;
    const cand = q * scale;
    const ok = inclusive ? cand >= lower.int && cand <= upper.int : cand > lower.int && cand < upper.int;
    if (ok) return plain(q, BigInt(drop) + p);
  }
  return plain(value.int, p);
}

function decimalParts(x: Num): [bigint, number] {
  // toExponential gives d.ddd…e±N with every significant digit.
  const [mant, e] = x.toExponential().split('e');
  const intDigits = mant.replace('.', '');
  const fracLen = intDigits.length - 1;
  return [BigInt(intDigits), Number(e) - fracLen];
}

function exactDecimal(mant: bigint, e2: bigint): { int: bigint; p: bigint } {
  if (e2 >= 0n) return { int: mant << e2, p: 0n };
  // m / 2^k = m * 5^k / 10^k
  return { int: mant * 5n ** -e2, p: e2 };
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

function divRoundHalfEven(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r2 = (a % b) * 2n;
  if (r2 > b || (r2 === b && q % 2n === 1n)) return q + 1n;
  return q;
}

/** digits × 10^p in plain notation, trailing fractional zeros removed. */
function plain(digits: bigint, p: bigint): string {
  let s = digits.toString();
  let exp = Number(p);
  while (exp < 0 && s.endsWith('0') && s.length > 1) {
    s = s.slice(0, -1);
    exp++;
  }
  if (exp >= 0) return s + '0'.repeat(exp);
  const point = s.length + exp;
  if (point > 0) return `${s.slice(0, point)}.${s.slice(point)}`;
  return `0.${'0'.repeat(-point)}${s}`;
}

/**
 * Parses a number as cty.ParseNumberVal (Go's big.ParseFloat in base 10): optional sign, then digits
 * with an optional fraction and an optional e/E (decimal) or p/P (binary) exponent, or "Inf"/"inf".
 * No spaces, underscores or base prefixes. Returns undefined where cty reports "a number is required".
 */
export function numberFromString(s: string): Num | undefined {
  const m = /^([+-]?)(?:(Inf|inf)|(\d+\.?\d*|\.\d+)(?:([eEpP])([+-]?\d+))?)$/.exec(s);
  if (!m) return undefined;
  const neg = m[1] === '-';
  if (m[2]) return num(neg ? -Infinity : Infinity);
  let v = new Num(m[3]);
  if (m[4] === 'p' || m[4] === 'P') v = v.times(new Num(2).pow(Number(m[5])));
  else if (m[4]) {
    const e = Number(m[5]);
    // Go's big.Float has an effectively unbounded exponent; decimal.js overflows past ±9e15.
    v = new Num(`${m[3]}e${e}`);
  }
  return neg ? v.negated() : v;
}
