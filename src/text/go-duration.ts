/**
 * Go's time.ParseDuration and time.Duration.String(). Packer's plugins decode options such as
 * `ssh_timeout = "5m"` with ParseDuration, so Kiln must accept exactly what Go accepts, reject what Go
 * rejects with Go's messages, and print durations (inspect, logs) the way Go prints them.
 *
 * Go counts in int64 nanoseconds; Kiln passes durations around as milliseconds (what timers take),
 * fractional below one millisecond. Parsing works on BigInt nanoseconds so that overflow is decided
 * where Go decides it, then converts.
 */

export type GoDurationResult = { ok: true; ms: number } | { ok: false; message: string };

const NS_PER_MS = 1_000_000n;
const MAX_MAGNITUDE = 1n << 63n; // a negative duration may reach -2^63, a positive one 2^63-1

const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', NS_PER_MS],
  ['s', 1_000n * NS_PER_MS],
  ['m', 60_000n * NS_PER_MS],
  ['h', 3_600_000n * NS_PER_MS],
]);

/**
 * The time package's own quoting (not strconv.Quote): printable ASCII stays, `"` and `\` get a
 * backslash, and every byte of a control or non-ASCII character is written as \xNN.
 */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x20 || cp >= 0x80) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The digits at the start of s; null when they exceed 2^63 (Go's leadingInt fails there). */
function leadingInt(s: string): { value: bigint; rest: string } | null {
  let i = 0;
  let value = 0n;
  while (isDigit(s[i])) {
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > MAX_MAGNITUDE) return null;
    i++;
  }
  return { value, rest: s.slice(i) };
}

/**
 * The digits after a decimal point. Go keeps consuming digits past 2^63-1 but stops adding
 * precision, so a very long fraction is truncated rather than an error.
 */
function leadingFraction(s: string): { value: bigint; scale: number; rest: string } {
  let i = 0;
  let value = 0n;
  let scale = 1;
  let overflow = false;
  while (isDigit(s[i])) {
    if (!overflow) {
      const next = value * 10n + BigInt(s.charCodeAt(i) - 48);
      if (value > (MAX_MAGNITUDE - 1n) / 10n || next > MAX_MAGNITUDE) {
        overflow = true;
      } else {
        value = next;
        scale *= 10;
      }
    }
    i++;
  }
  return { value, scale, rest: s.slice(i) };
}

function nanosToMs(ns: bigint): number {
  // Split so that whole milliseconds stay exact even beyond 2^53 nanoseconds.
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-zµμ]+)+`, or a bare "0". */
export function parseGoDuration(s: string): GoDurationResult {
  const invalid: GoDurationResult = { ok: false, message: `time: invalid duration ${timeQuote(s)}` };
  let rest = s;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, ms: 0 };
  if (rest === '') return invalid;

  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]))) return invalid;
    const whole = leadingInt(rest);
    if (whole === null) return invalid;
    const hadWhole = whole.rest.length !== rest.length;
    rest = whole.rest;

    let fraction = { value: 0n, scale: 1 };
    let hadFraction = false;
    if (rest[0] === '.') {
      const parsed = leadingFraction(rest.slice(1));
      hadFraction = parsed.rest.length !== rest.length - 1;
      fraction = parsed;
      rest = parsed.rest;
    }
    if (!hadWhole && !hadFraction) return invalid; // ".s", "-.s"

    let unitEnd = 0;
    while (unitEnd < rest.length && rest[unitEnd] !== '.' && !isDigit(rest[unitEnd])) unitEnd++;
    if (unitEnd === 0) return { ok: false, message: `time: missing unit in duration ${timeQuote(s)}` };
    const unitName = rest.slice(0, unitEnd);
    rest = rest.slice(unitEnd);
    const unit = UNIT_NANOS.get(unitName);
    if (unit === undefined) {
      return { ok: false, message: `time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(s)}` };
    }

    if (whole.value > MAX_MAGNITUDE / unit) return invalid;
    let component = whole.value * unit;
    if (fraction.value > 0n) {
      // Go computes the fractional part in float64 and truncates; doing the same keeps results
      // identical to the nanosecond, e.g. for "0.3333333333h".
      component += BigInt(Math.trunc(Number(fraction.value) * (Number(unit) / fraction.scale)));
      if (component > MAX_MAGNITUDE) return invalid;
    }
    total += component;
    if (total > MAX_MAGNITUDE) return invalid;
  }
  if (negative) return { ok: true, ms: total === 0n ? 0 : -nanosToMs(total) };
  if (total > MAX_MAGNITUDE - 1n) return invalid;
  return { ok: true, ms: nanosToMs(total) };
}

/** v / 10^digits as ".ddd" without trailing zeros (nothing when the fraction is zero), and the quotient. */
function formatFraction(v: bigint, digits: number): { text: string; quotient: bigint } {
  const divisor = 10n ** BigInt(digits);
  const remainder = v % divisor;
  if (remainder === 0n) return { text: '', quotient: v / divisor };
  const text = remainder.toString().padStart(digits, '0').replace(/0+$/, '');
  return { text: `.${text}`, quotient: v / divisor };
}

/**
 * time.Duration.String(): "1h30m0s", "5m0s", "1.5s", "1.2ms", "0s". The argument is in milliseconds
 * and is rounded to whole nanoseconds, as a Go Duration holds them.
 */
export function formatGoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`formatGoDuration: ${ms} is not a duration`);
  const wholeMs = Math.trunc(ms);
  const ns = BigInt(wholeMs) * NS_PER_MS + BigInt(Math.round((ms - wholeMs) * 1e6));
  if (ns >= MAX_MAGNITUDE || ns < -MAX_MAGNITUDE) {
    throw new RangeError(`formatGoDuration: ${ms} ms is outside Go's Duration range`);
  }
  const negative = ns < 0n;
  const u = negative ? -ns : ns;
  const sign = negative ? '-' : '';
  if (u === 0n) return '0s';

  if (u < 1_000_000_000n) {
    // Below one second Go switches to the largest unit that keeps an integer part: ns, µs or ms.
    if (u < 1_000n) return `${sign}${u}ns`;
    const [digits, unit] = u < NS_PER_MS ? [3, '\u00b5s'] : [6, 'ms'];
    const { text, quotient } = formatFraction(u, digits);
    return `${sign}${quotient}${text}${unit}`;
  }

  const { text, quotient: totalSeconds } = formatFraction(u, 9);
  let out = `${totalSeconds % 60n}${text}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes > 0n) {
    out = `${totalMinutes % 60n}m${out}`;
    const hours = totalMinutes / 60n;
    // Go stops at hours: days differ in length.
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return `${sign}${out}`;
}
