/**
 * Just enough of Go's time package for Packer's date functions: an instant with a fixed UTC
 * offset, civil-date breakdown, Go reference-layout formatting (time.Format) and duration
 * parsing (time.ParseDuration), with Go's error wording.
 */
export interface GoTime {
  /** Nanoseconds since the Unix epoch. */
  readonly unixNs: bigint;
  /** Offset east of UTC in seconds. */
  readonly offsetSec: number;
  /** Zone abbreviation for the MST layout element; "" for an unnamed fixed offset. */
  readonly zoneName: string;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  /** 0 = Sunday. */
  weekday: number;
  /** 1-based. */
  yearDay: number;
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const NS_PER_SEC = 1_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function civil(t: GoTime): Civil {
  const local = t.unixNs + BigInt(t.offsetSec) * NS_PER_SEC;
  const secs = floorDiv(local, NS_PER_SEC);
  const nanosecond = Number(local - secs * NS_PER_SEC);
  const days = Number(floorDiv(secs, 86400n));
  const sod = Number(secs - BigInt(days) * 86400n);
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    nanosecond,
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
  };
}

export function fromCivil(
  c: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    nanosecond: number;
  },
  offsetSec: number,
  zoneName = '',
): GoTime {
  const days = BigInt(daysFromCivil(c.year, c.month, c.day));
  const secs = days * 86400n + BigInt(c.hour * 3600 + c.minute * 60 + c.second) - BigInt(offsetSec);
  return { unixNs: secs * NS_PER_SEC + BigInt(c.nanosecond), offsetSec, zoneName };
}

export function fromDate(d: Date): GoTime {
  return { unixNs: BigInt(d.getTime()) * 1_000_000n, offsetSec: 0, zoneName: 'UTC' };
}

export function unixSeconds(t: GoTime): bigint {
  return floorDiv(t.unixNs, NS_PER_SEC);
}

/** ISO 8601 year and week number, as Go's Time.ISOWeek. */
export function isoWeek(c: Civil): { year: number; week: number } {
  // The week belongs to the year of its Thursday.
  const isoWeekday = c.weekday === 0 ? 7 : c.weekday;
  const days = daysFromCivil(c.year, c.month, c.day) + (4 - isoWeekday);
  const th = civilFromDays(days);
  const yday = days - daysFromCivil(th.year, 1, 1);
  return { year: th.year, week: Math.floor(yday / 7) + 1 };
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

type Chunk =
  | { kind: 'lit'; text: string }
  | { kind: 'std'; std: string; frac?: { digits: number; trim: boolean; sep: string } };

const STD_PREFIXES: readonly string[] = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  'MST',
  '-07:00:00',
  '-070000',
  '-07:00',
  '-0700',
  '-07',
  'Z07:00:00',
  'Z070000',
  'Z07:00',
  'Z0700',
  'Z07',
  '2006',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
}

/** Splits a Go reference layout into literal text and standard elements (Go's nextStdChunk). */
function chunkLayout(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const rest = layout.slice(i);
    let std: string | undefined;
    for (const p of STD_PREFIXES) {
      if (!rest.startsWith(p)) continue;
      // "Jan"/"Mon" followed by a lowercase letter are ordinary words (e.g. "Monkey").
      if ((p === 'Jan' || p === 'Mon') && startsWithLower(rest.slice(3))) continue;
      std = p;
      break;
    }
    if (std === '_2' && rest.startsWith('_2006')) {
      lit += '_';
      i += 1;
      continue;
    }
    if (!std && (rest[0] === '.' || rest[0] === ',') && (rest[1] === '0' || rest[1] === '9')) {
      let j = 1;
      while (j < rest.length && rest[j] === rest[1]) j++;
      if (!(j < rest.length && rest[j] >= '0' && rest[j] <= '9')) {
        if (lit) out.push({ kind: 'lit', text: lit });
        lit = '';
        out.push({ kind: 'std', std: 'frac', frac: { digits: j - 1, trim: rest[1] === '9', sep: rest[0] } });
        i += j;
        continue;
      }
    }
    if (std) {
      if (lit) out.push({ kind: 'lit', text: lit });
      lit = '';
      out.push({ kind: 'std', std });
      i += std.length;
    } else {
      lit += rest[0];
      i += 1;
    }
  }
  if (lit) out.push({ kind: 'lit', text: lit });
  return out;
}

function formatOffset(offsetSec: number, std: string): string {
  const iso = std[0] === 'Z';
  if (iso && offsetSec === 0) return 'Z';
  const sign = offsetSec < 0 ? '-' : '+';
  const abs = Math.abs(offsetSec);
  const colon = std.includes(':');
  let s = sign + pad(Math.floor(abs / 3600), 2);
  if (std.length > 3) s += (colon ? ':' : '') + pad(Math.floor((abs % 3600) / 60), 2);
  if (std.length >= 7 && (colon ? std.length === 9 : std.length === 7))
    s += (colon ? ':' : '') + pad(abs % 60, 2);
  return s;
}

/** Go's Time.Format with a reference layout such as "2006-01-02T15:04:05Z07:00". */
export function formatGoLayout(t: GoTime, layout: string): string {
  const c = civil(t);
  let out = '';
  for (const ch of chunkLayout(layout)) {
    if (ch.kind === 'lit') {
      out += ch.text;
      continue;
    }
    const h12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (ch.std) {
      case 'January':
        out += MONTH_NAMES[c.month - 1];
        break;
      case 'Jan':
        out += MONTH_NAMES[c.month - 1].slice(0, 3);
        break;
      case 'Monday':
        out += DAY_NAMES[c.weekday];
        break;
      case 'Mon':
        out += DAY_NAMES[c.weekday].slice(0, 3);
        break;
      case 'MST':
        out += t.zoneName !== '' ? t.zoneName : formatOffset(t.offsetSec, '-0700');
        break;
      case '2006':
        out += pad(c.year, 4);
        break;
      case '06':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case '01':
        out += pad(c.month, 2);
        break;
      case '1':
        out += String(c.month);
        break;
      case '02':
        out += pad(c.day, 2);
        break;
      case '2':
        out += String(c.day);
        break;
      case '_2':
        out += String(c.day).padStart(2, ' ');
        break;
      case '002':
        out += pad(c.yearDay, 3);
        break;
      case '__2':
        out += String(c.yearDay).padStart(3, ' ');
        break;
      case '15':
        out += pad(c.hour, 2);
        break;
      case '03':
        out += pad(h12, 2);
        break;
      case '3':
        out += String(h12);
        break;
      case '04':
        out += pad(c.minute, 2);
        break;
      case '4':
        out += String(c.minute);
        break;
      case '05':
        out += pad(c.second, 2);
        break;
      case '5':
        out += String(c.second);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'frac': {
        const f = ch.frac!;
        let digits = String(c.nanosecond).padStart(9, '0').slice(0, f.digits);
        if (f.trim) {
          digits = digits.replace(/0+$/, '');
          if (digits === '') break;
        }
        out += f.sep + digits;
        break;
      }
      default:
        out += formatOffset(t.offsetSec, ch.std);
    }
  }
  return out;
}

export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';

export function formatRFC3339(t: GoTime): string {
  return formatGoLayout(t, RFC3339_LAYOUT);
}

/** Go's %q for the strings that appear in time error messages. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', 1_000_000n],
  ['s', NS_PER_SEC],
  ['m', 60n * NS_PER_SEC],
  ['h', 3600n * NS_PER_SEC],
]);

const INT64_MAX = 2n ** 63n - 1n;

/** time.ParseDuration: "1h30m", "-1.5s", "300ms"; throws Error with Go's message. */
export function parseDuration(orig: string): bigint {
  const invalid = (): Error => new Error(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    const intMatch = /^[0-9]*/.exec(s)![0];
    const pre = intMatch.length > 0;
    const v = pre ? BigInt(intMatch) : 0n;
    if (v > INT64_MAX) throw invalid();
    s = s.slice(intMatch.length);
    let frac = '';
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      frac = /^[0-9]*/.exec(s)![0];
      post = frac.length > 0;
      s = s.slice(frac.length);
    }
    if (!pre && !post) throw invalid();
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    s = s.slice(unitMatch.length);
    const unit = UNITS.get(unitMatch);
    if (unit === undefined)
      throw new Error(`time: unknown unit ${goQuote(unitMatch)} in duration ${goQuote(orig)}`);
    let part = v * unit;
    if (frac !== '') {
      // Go scales the fraction in float64 and truncates; decimal arithmetic agrees for sane inputs.
      const digits = frac.slice(0, 18);
      part += (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
    }
    total += part;
    if (total > INT64_MAX + (neg ? 1n : 0n)) throw invalid();
  }
  return neg ? -total : total;
}
