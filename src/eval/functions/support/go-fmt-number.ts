import type { Num } from '../../../values/number';
import { formatNumber } from '../../../values/number-format';

/**
 * Go's fmt verbs for *big.Float (%e %E %f %g %G) and *big.Int (%b %d %o %x %X), which cty's
 * format() hands its numbers to. With no precision (%g, %v) the digits are the shortest ones that
 * identify the 512-bit float cty would hold; with a precision they are rounded from that float's
 * exact value.
 */

export interface VerbFlags {
  readonly plus: boolean;
  readonly minus: boolean;
  readonly space: boolean;
  readonly zero: boolean;
  readonly sharp: boolean;
  /** -1 when absent */
  readonly width: number;
  /** -1 when absent */
  readonly prec: number;
}

/** A decimal 0.mant × 10^exp with no leading or trailing zeros in mant ("" for zero). */
interface Decimal10 {
  mant: string;
  exp: number;
}

function exactDecimal(n: Num): Decimal10 {
  if (n.isZero()) return { mant: '', exp: 0 };
  const [m, e] = n.abs().toExponential().split('e');
  const mant = m.replace('.', '').replace(/0+$/, '');
  return { mant, exp: Number(e) + 1 };
}

const MANTISSA_BITS = 512;

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * The exact decimal expansion of the 512-bit binary float nearest to n: the value cty actually
 * holds. Rounding to a requested precision must use it, because ties differ: 0.35 is slightly
 * below 0.35 in binary, so Go prints %.1f of it as "0.3".
 */
function binaryExactDecimal(n: Num): Decimal10 {
  const d = exactDecimal(n);
  if (d.mant === '') return d;
  const digits = BigInt(d.mant);
  const p = d.exp - d.mant.length; // value = digits × 10^p
  let numer = p >= 0 ? digits * 10n ** BigInt(p) : digits;
  let denom = p >= 0 ? 1n : 10n ** BigInt(-p);
  if (denom === 1n && bitLength(numer) <= MANTISSA_BITS) return d; // an integer the float holds exactly
  let e2 = bitLength(numer) - bitLength(denom) - MANTISSA_BITS;
  if (e2 > 0) denom <<= BigInt(e2);
  else numer <<= BigInt(-e2);
  let m = divRoundHalfEven(numer, denom);
  if (bitLength(m) > MANTISSA_BITS) {
    m = divRoundHalfEven(numer, denom * 2n);
    e2 += 1;
  }
  // value = m × 2^e2 = m × 5^-e2 × 10^e2 when e2 < 0
  const intDigits = e2 >= 0 ? (m << BigInt(e2)).toString() : (m * 5n ** BigInt(-e2)).toString();
  const scale = e2 >= 0 ? 0 : e2; // power of ten applied to intDigits
  const mant = intDigits.replace(/0+$/, '');
  return { mant, exp: intDigits.length + scale };
}

function divRoundHalfEven(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r2 = (a % b) * 2n;
  if (r2 > b || (r2 === b && q % 2n === 1n)) return q + 1n;
  return q;
}

function shortestDecimal(n: Num): Decimal10 {
  if (n.isZero()) return { mant: '', exp: 0 };
  const plain = formatNumber(n.abs()); // e.g. "123.45" or "0.00012"
  const [int, frac = ''] = plain.split('.');
  const all = (int === '0' ? '' : int) + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const mant = all.slice(lead).replace(/0+$/, '');
  const exp = int === '0' ? -lead : int.length;
  return { mant, exp };
}

/** Rounds d to n significant digits, half to even on exact ties (big's decimal.round). */
function round(d: Decimal10, n: number): void {
  if (n < 0 || n >= d.mant.length) return;
  const digit = d.mant.charCodeAt(n) - 48;
  let up: boolean;
  if (digit === 5 && n + 1 === d.mant.length) up = n > 0 && (d.mant.charCodeAt(n - 1) - 48) % 2 === 1;
  else up = digit >= 5;
  if (up) {
    let i = n - 1;
    while (i >= 0 && d.mant[i] === '9') i--;
    if (i < 0) {
      d.mant = '1';
      d.exp++;
    } else {
      d.mant = d.mant.slice(0, i) + String.fromCharCode(d.mant.charCodeAt(i) + 1);
    }
  } else {
    d.mant = d.mant.slice(0, n);
  }
  d.mant = d.mant.replace(/0+$/, '');
  if (d.mant === '') d.exp = 0;
}

function fmtE(d: Decimal10, prec: number, e: 'e' | 'E'): string {
  let out = d.mant[0] ?? '0';
  if (prec > 0) {
    out += '.';
    const rest = d.mant.slice(1, 1 + prec);
    out += rest + '0'.repeat(prec - rest.length);
  }
  const exp = d.mant.length === 0 ? 0 : d.exp - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(d: Decimal10, prec: number): string {
  let out: string;
  if (d.exp > 0) {
    const m = Math.min(d.mant.length, d.exp);
    out = d.mant.slice(0, m) + '0'.repeat(d.exp - m);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.exp + i - 1;
      out += j >= 0 && j < d.mant.length ? d.mant[j] : '0';
    }
  }
  return out;
}

/** big.Float.Text(verb, prec) for a finite or infinite number; prec -1 means shortest. */
export function floatText(n: Num, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  const sign = n.isNeg() ? '-' : '';
  if (!n.isFinite()) return n.isNeg() ? '-Inf' : '+Inf';
  const shortest = prec < 0;
  const d = shortest ? shortestDecimal(n) : binaryExactDecimal(n);
  if (shortest) {
    if (verb === 'e' || verb === 'E') prec = d.mant.length - 1;
    else if (verb === 'f') prec = Math.max(d.mant.length - d.exp, 0);
    else prec = d.mant.length;
  } else if (verb === 'e' || verb === 'E') {
    round(d, 1 + prec);
  } else if (verb === 'f') {
    round(d, d.exp + prec);
  } else {
    if (prec === 0) prec = 1;
    round(d, prec);
  }
  if (verb === 'e' || verb === 'E') return sign + fmtE(d, prec, verb);
  if (verb === 'f') return sign + fmtF(d, prec);
  let eprec = prec;
  if (eprec > d.mant.length && d.mant.length >= d.exp) eprec = d.mant.length;
  if (shortest) eprec = 6;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.mant.length) prec = d.mant.length;
    return sign + fmtE(d, prec - 1, verb === 'g' ? 'e' : 'E');
  }
  if (prec > d.exp) prec = d.mant.length;
  return sign + fmtF(d, Math.max(prec - d.exp, 0));
}

/** fmt.Sprintf("%<flags><width>.<prec><verb>", *big.Float) */
export function formatFloatVerb(n: Num, verb: 'e' | 'E' | 'f' | 'g' | 'G', f: VerbFlags): string {
  const prec = f.prec >= 0 ? f.prec : verb === 'g' || verb === 'G' ? -1 : 6;
  let text = floatText(n, verb, prec);
  let sign = '';
  if (text[0] === '-') {
    sign = '-';
    text = text.slice(1);
  } else if (text[0] === '+') {
    sign = f.space ? ' ' : '+';
    text = text.slice(1);
  } else if (f.plus) {
    sign = '+';
  } else if (f.space) {
    sign = ' ';
  }
  const padding = f.width > sign.length + text.length ? f.width - sign.length - text.length : 0;
  if (f.zero && !f.minus && n.isFinite()) return sign + '0'.repeat(padding) + text;
  if (f.minus) return sign + text + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + text;
}

/** fmt.Sprintf("%<flags><width>.<prec><verb>", *big.Int) */
export function formatIntVerb(i: bigint, verb: 'b' | 'd' | 'o' | 'x' | 'X', f: VerbFlags): string {
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb];
  const neg = i < 0n;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  let prefix = '';
  if (f.sharp) prefix = { b: '0b', d: '', o: '0', x: '0x', X: '0X' }[verb];
  let digits = (neg ? -i : i).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let zeros = 0;
  if (f.prec >= 0) {
    if (digits.length < f.prec) zeros = f.prec - digits.length;
    else if (digits === '0' && f.prec === 0) return ''; // Go prints nothing at all, not even padding
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (f.width >= 0 && length < f.width) {
    const d = f.width - length;
    if (f.minus) right = d;
    else if (f.zero && f.prec < 0) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}
