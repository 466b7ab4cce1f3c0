import { formatFloatVerb, formatIntVerb, type VerbFlags } from '../eval/functions/support/go-fmt-number';
import { goQuote, goQuoteRune } from '../text/go-quote';
import { num } from '../values/number';
import type { ArgValue } from './function-table';
import { GoData, GoUint8, NO_VALUE, formatValue, goTypeName } from './values';

/**
 * Go's fmt.Sprint, Sprintln and Sprintf (the `print`, `println` and `printf` template builtins) for
 * the values a template can hold, with fmt's in-band error notation: `%!d(string=x)`,
 * `%!d(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`.
 */

function isString(a: ArgValue): boolean {
  return typeof a === 'string';
}

function plain(a: ArgValue): string {
  if (a === null) return '<nil>';
  // fmt prints a pointer to a struct as &{...}.
  if (a instanceof GoData && a.structType?.startsWith('*')) return `&${formatValue(a)}`;
  return formatValue(a);
}

/** fmt.Sprint: a space between two operands when neither is a string. */
export function goSprint(args: readonly ArgValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isString(a) && !isString(args[i - 1])) out += ' ';
    out += plain(a);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a newline. */
export function goSprintln(args: readonly ArgValue[]): string {
  return `${args.map(plain).join(' ')}\n`;
}

type Flags = { -readonly [K in keyof VerbFlags]: VerbFlags[K] };

function pad(s: string, f: Flags, zeroOK: boolean): string {
  const len = [...s].length;
  if (f.width < 0 || len >= f.width) return s;
  const fill = f.width - len;
  if (f.minus) return s + ' '.repeat(fill);
  return (f.zero && zeroOK ? '0' : ' ').repeat(fill) + s;
}

function badVerb(verb: string, a: ArgValue): string {
  if (a === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(a as Exclude<ArgValue, null>)}=${plain(a)})`;
}

function formatString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
    case 's': {
      const cut = f.prec >= 0 ? [...s].slice(0, f.prec).join('') : s;
      return pad(cut, f, true);
    }
    case 'q':
      return pad(goQuote(s), f, true);
    case 'x':
    case 'X': {
      const hex = Buffer.from(s, 'utf8').toString('hex');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, f, true);
    }
    default:
      return undefined;
  }
}

function formatInt(i: bigint, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
    case 'd':
      return formatIntVerb(i, 'd', f);
    case 'b':
    case 'o':
    case 'x':
    case 'X':
      return formatIntVerb(i, verb, f);
    case 'O':
      return pad((i < 0n ? '-0o' : '0o') + (i < 0n ? -i : i).toString(8), f, false);
    case 'c':
      return pad(String.fromCodePoint(Number(i)), f, false);
    case 'q':
      return pad(goQuoteRune(String.fromCodePoint(Number(i))), f, false);
    case 'U':
      return pad(`U+${i.toString(16).toUpperCase().padStart(4, '0')}`, f, false);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return undefined;
    default:
      return undefined;
  }
}

function formatFloat(x: number, verb: string, f: Flags): string | undefined {
  const v = verb === 'v' ? 'g' : verb === 'F' ? 'f' : verb;
  if (v !== 'e' && v !== 'E' && v !== 'f' && v !== 'g' && v !== 'G') return undefined;
  if (!Number.isFinite(x))
    return pad(Number.isNaN(x) ? 'NaN' : x > 0 ? (f.plus ? '+Inf' : 'Inf') : '-Inf', f, false);
  // With a precision the digits are rounded from the float's exact value, not its shortest form.
  const n = f.prec < 0 && (v === 'g' || v === 'G') ? num(x) : num(x.toPrecision(100));
  return formatFloatVerb(Object.is(x, -0) ? num('-0') : n, v, f);
}

function formatMap(m: GoData, verb: string, f: Flags): string {
  if (m.structType !== undefined) {
    const values = Object.values(m.fields).map((v) => formatOne(v, verb, f));
    return `&{${values.join(' ')}}`;
  }
  const keys = Object.keys(m.fields).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `map[${keys.map((k) => `${formatOne(k, verb, f)}:${formatOne(m.fields[k], verb, f)}`).join(' ')}]`;
}

function formatOne(a: ArgValue, verb: string, f: Flags): string {
  let out: string | undefined;
  if (verb === 'T') return pad(a === null ? '<nil>' : goTypeName(a), f, false);
  if (a === null) out = verb === 'v' ? pad('<nil>', f, false) : undefined;
  else if (typeof a === 'string') out = formatString(a, verb, f);
  else if (typeof a === 'bigint') out = formatInt(a, verb, f);
  else if (a instanceof GoUint8) out = formatInt(BigInt(a.value), verb, f);
  else if (typeof a === 'number') out = formatFloat(a, verb, f);
  else if (typeof a === 'boolean') out = verb === 'v' || verb === 't' ? pad(String(a), f, false) : undefined;
  else if (a instanceof GoData) out = formatMap(a, verb, f);
  else if (a === NO_VALUE) out = verb === 'v' ? pad(plain(a), f, false) : undefined;
  return out ?? badVerb(verb, a);
}

/** One operand of Sprintf; %v's flags mean other things (%+v field names, %#v Go syntax). */
function formatArg(a: ArgValue, verb: string, f: Flags): string {
  if (verb !== 'v') return formatOne(a, verb, f);
  const sharpV = f.sharp;
  f.plus = false;
  f.sharp = false;
  if (sharpV && typeof a === 'string') return pad(goQuote(a), f, false);
  if (sharpV && a === null) return pad('interface {}(nil)', f, false);
  return formatOne(a, verb, f);
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: readonly ArgValue[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const readNumber = (): number | undefined => {
    const m = /^[0-9]+/.exec(format.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  const readIndex = (): boolean => {
    if (format[i] !== '[') return true;
    reordered = true;
    const close = format.indexOf(']', i);
    const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
    if (close < 0 || !/^[0-9]+$/.test(format.slice(i + 1, close)) || n < 1 || n > args.length) {
      i = close < 0 ? format.length : close + 1;
      return false;
    }
    argNum = n - 1;
    i = close + 1;
    return true;
  };
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = {
      plus: false,
      minus: false,
      space: false,
      zero: false,
      sharp: false,
      width: -1,
      prec: -1,
    };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '+') f.plus = true;
      else if (c === '-') f.minus = true;
      else if (c === ' ') f.space = true;
      else if (c === '0') f.zero = true;
      else if (c === '#') f.sharp = true;
      else break;
    }
    let goodIndex = readIndex();
    let badWidth = false;
    let badPrec = false;
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'bigint') {
        f.width = Number(w < 0n ? -w : w);
        if (w < 0n) f.minus = true;
      } else badWidth = true;
      goodIndex = readIndex() && goodIndex;
    } else {
      f.width = readNumber() ?? -1;
    }
    if (format[i] === '.') {
      i++;
      goodIndex = readIndex() && goodIndex;
      if (format[i] === '*') {
        i++;
        const p = args[argNum++];
        if (typeof p === 'bigint' && p >= 0n) f.prec = Number(p);
        else badPrec = true;
        goodIndex = readIndex() && goodIndex;
      } else {
        f.prec = readNumber() ?? 0;
      }
    }
    if (f.minus) f.zero = false;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (badWidth) out += '%!(BADWIDTH)';
    if (badPrec) out += '%!(BADPREC)';
    if (verb === '%') out += '%';
    else if (!goodIndex) out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else out += formatArg(args[argNum++], verb, f);
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${plain(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
