import { type GoTime, daysIn, fromCivil, goQuote } from './go-time';

/**
 * RFC 3339 timestamp parsing as cty's stdlib does it (formatdate, timeadd): a strict parser, and
 * when that rejects the input, a replay of Go's general time.Parse so the error names the same
 * culprit cty names ("cannot use "x" as month", "end of string before hour", ...).
 */

function digit(s: string, i: number): boolean {
  return i < s.length && s[i] >= '0' && s[i] <= '9';
}

/** cty's strict parser: exactly YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm) with in-range fields. */
function strictParse(s: string): GoTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const nanosecond = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (oh * 3600 + om * 60) * (m[9] === '-' ? -1 : 1);
  }
  return fromCivil(
    { year, month, day, hour, minute, second, nanosecond },
    offset,
    offset === 0 && m[8] === 'Z' ? 'UTC' : '',
  );
}

interface GoParseError {
  layoutElem: string;
  valueElem: string;
  message: string;
}

/** Go's getnum: one or two digits; `fixed` demands two. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!digit(s, 0)) return undefined;
  if (!digit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Replays time.Parse(time.RFC3339, s), returning only its failure (undefined when it would succeed). */
function goParseFailure(s: string): GoParseError | undefined {
  let value = s;
  const fail = (layoutElem: string, valueElem: string, message = ''): GoParseError => ({
    layoutElem,
    valueElem,
    message,
  });
  const skip = (lit: string): GoParseError | undefined => {
    if (value[0] !== lit) return fail(lit, value);
    value = value.slice(1);
    return undefined;
  };
  // Year: four characters that Go's atoi accepts (an optional sign, then digits).
  if (value.length < 4 || !digit(value, 0) || !/^\d{4}$/.test(value.slice(0, 4))) return fail('2006', value);
  value = value.slice(4);
  const year = Number(s.slice(0, 4));
  const fields: [string, string, boolean, number, number, string][] = [
    ['-', '01', true, 1, 12, 'month'],
    ['-', '02', true, 0, 99, ''],
    ['T', '15', false, 0, 23, 'hour'],
    [':', '04', true, 0, 59, 'minute'],
    [':', '05', true, 0, 59, 'second'],
  ];
  const got: number[] = [];
  for (const [lit, elem, fixed, min, max, rangeName] of fields) {
    const e = skip(lit);
    if (e) return e;
    const hold = value;
    const r = getnum(value, fixed);
    if (!r) return fail(elem, hold);
    value = r[1];
    if (rangeName && (r[0] < min || r[0] > max)) return fail(elem, value, `: ${rangeName} out of range`);
    got.push(r[0]);
  }
  if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && digit(value, 1)) {
    let n = 2;
    while (digit(value, n)) n++;
    value = value.slice(n);
  }
  const hold = value;
  if (value[0] === 'Z') {
    value = value.slice(1);
  } else {
    if (value.length < 6 || value[3] !== ':') return fail('Z07:00', hold);
    const hh = getnum(value.slice(1, 3), true);
    const mm = getnum(value.slice(4, 6), true);
    if (!hh || !mm) return fail('Z07:00', hold);
    const sign = value[0];
    value = value.slice(6);
    if (hh[0] > 24) return fail('Z07:00', value, ': time zone offset hour out of range');
    if (mm[0] > 60) return fail('Z07:00', value, ': time zone offset minute out of range');
    if (sign !== '+' && sign !== '-') return fail('Z07:00', hold);
  }
  if (value !== '') return fail('', value, `: extra text: ${goQuote(value)}`);
  const [month, day] = got;
  if (day < 1 || day > daysIn(month, year)) return fail('', '', ': day out of range');
  return undefined;
}

const ELEMENT_NAMES: ReadonlyMap<string, string> = new Map([
  ['2006', 'year'],
  ['01', 'month'],
  ['02', 'day of month'],
  ['15', 'hour'],
  ['04', 'minute'],
  ['05', 'second'],
  ['Z07:00', 'UTC offset'],
]);

/** cty's rewording of a Go parse error. */
function describe(e: GoParseError): string {
  const p = 'not a valid RFC3339 timestamp';
  if (e.layoutElem === '' && e.valueElem === '' && e.message !== '') return `${p}${e.message}`;
  if (e.layoutElem === 'T') return `${p}: missing required time introducer 'T'`;
  if (e.layoutElem === ':' || e.layoutElem === '-') {
    return e.valueElem === ''
      ? `${p}: end of string where ${goQuote(e.layoutElem)} is expected`
      : `${p}: found ${goQuote(e.valueElem)} where ${goQuote(e.layoutElem)} is expected`;
  }
  const what = ELEMENT_NAMES.get(e.layoutElem) ?? 'timestamp segment';
  if (e.valueElem === '') return `${p}: end of string before ${what}`;
  if (what === 'hour' && e.valueElem.includes(':')) return `${p}: hour must be between 0 and 23 inclusive`;
  if (what === 'hour' && e.valueElem.length !== 2) return `${p}: hour must have exactly two digits`;
  if (what === 'minute' && e.valueElem.length !== 2) return `${p}: minute must have exactly two digits`;
  return `${p}: cannot use ${goQuote(e.valueElem)} as ${what}`;
}

/** Parses an RFC 3339 timestamp; throws Error with cty's message on failure. */
export function parseTimestamp(s: string): GoTime {
  const t = strictParse(s);
  if (t) return t;
  const failure = goParseFailure(s);
  if (failure) throw new Error(describe(failure));
  // Go's lenient parser accepted it; cty applies its extra strictness checks.
  const num2 = (x: string): number => Number(x.slice(0, 2));
  if (s[12] === ':') throw new Error(describe({ layoutElem: '15', valueElem: s.slice(11, 12), message: '' }));
  if (s[19] === ',') throw new Error(describe({ layoutElem: '.', valueElem: ',', message: '' }));
  if (s[s.length - 1] !== 'Z') {
    const tz = s.slice(s.length - 6);
    if (num2(s.slice(s.length - 5)) >= 24 || num2(s.slice(s.length - 2)) >= 60) {
      throw new Error(describe({ layoutElem: 'Z07:00', valueElem: tz, message: '' }));
    }
  }
  throw new Error(describe({ layoutElem: '2006-01-02T15:04:05Z07:00', valueElem: s, message: '' }));
}

/** Whether Go's time.Parse(time.RFC3339, s) accepts s (more lenient than cty's parser above). */
export function goAcceptsRFC3339(s: string): boolean {
  return strictParse(s) !== undefined || goParseFailure(s) === undefined;
}
