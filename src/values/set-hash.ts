import { goQuote } from '../text/go-quote';
import type { Num } from './number';
import type { Value } from './value';

/**
 * The string cty hashes set elements by (cty's appendSetHashBytes). Besides bucketing, cty orders
 * set elements of non-primitive types by comparing these strings, so Kiln reproduces them.
 */
/** cty's set hash string: distinct for distinct known values, '?' for unknown, '~' for null. */
export function setHashString(v: Value): string {
  const u = v.unmark()[0];
  if (!u.isKnown()) return '?';
  if (u.isNull()) return '~';
  switch (u.type.kind) {
    case 'number':
      return formatGoG10(u.asNumber());
    case 'bool':
      return u.asBool() ? 'T' : 'F';
    case 'string':
      return goQuote(u.asString());
    case 'map': {
      let s = '{';
      for (const [k, e] of u.entries()) s += `${goQuote(k)}:${setHashString(e)};`;
      return s + '}';
    }
    case 'list':
    case 'set':
      return `[${u
        .elements()
        .map((e) => `${setHashString(e)};`)
        .join('')}]`;
    case 'object':
      return `<${[...u.entries().values()].map((e) => `${setHashString(e)};`).join('')}>`;
    case 'tuple':
      return `<${u
        .elements()
        .map((e) => `${setHashString(e)};`)
        .join('')}>`;
    default:
      return '?';
  }
}

/**
 * Go's big.Float String(): Text('g', 10) — at most 10 significant digits, %e form (exponent with at
 * least two digits) when the decimal exponent is < -4 or >= the digit count used.
 */
export function formatGoG10(n: Num): string {
  if (!n.isFinite()) return n.isNeg() ? '-Inf' : '+Inf';
  if (n.isZero()) return n.isNeg() ? '-0' : '0';
  const r = n.toSignificantDigits(10);
  const [mant, e] = r.abs().toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e); // position of the first digit, as Go's d.exp - 1
  const sign = r.isNeg() ? '-' : '';
  const eprec = digits.length >= exp + 1 ? digits.length : 10;
  if (exp < -4 || exp >= eprec) {
    const frac = digits.slice(1);
    const es = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${exp < 0 ? '-' : '+'}${es}`;
  }
  return sign + r.abs().toFixed();
}
