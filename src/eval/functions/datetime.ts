import { NumberType, StringType, objectOf } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec } from './function';
import { type FunctionOptions, registerFamily } from './index';
import { goInt } from './support/go-int';
import {
  DAY_NAMES,
  type GoTime,
  MONTH_NAMES,
  civil,
  formatGoLayout,
  formatRFC3339,
  fromDate,
  isoWeek,
  parseDuration,
  unixSeconds,
} from './support/go-time';
import { parseTimestamp } from './support/rfc3339';
import { formatDate } from './support/formatdate';
import { strftime } from './support/strftime';

/**
 * Date and time functions: cty's formatdate and timeadd, Packer's timestamp, legacy_isotime,
 * legacy_strftime, rfc3339_parse and unix_timestamp_parse. The clock is options.now, read once per
 * table so every call in one run sees the same instant (Packer's legacy functions use the
 * process start time for the same reason).
 */

const PARSED_COMMON = {
  year: NumberType,
  year_day: NumberType,
  day: NumberType,
  month: NumberType,
  month_name: StringType,
  weekday: NumberType,
  weekday_name: StringType,
  hour: NumberType,
  minute: NumberType,
  second: NumberType,
  iso_year: NumberType,
  iso_week: NumberType,
};
const RFC3339_PARSE_TYPE = objectOf({ ...PARSED_COMMON, unix: NumberType });
const UNIX_PARSE_TYPE = objectOf({ ...PARSED_COMMON, rfc3339: StringType });

function breakdown(t: GoTime): Record<string, Value> {
  const c = civil(t);
  const iso = isoWeek(c);
  return {
    year: Value.number(c.year),
    year_day: Value.number(c.yearDay),
    day: Value.number(c.day),
    month: Value.number(c.month),
    month_name: Value.string(MONTH_NAMES[c.month - 1]),
    weekday: Value.number(c.weekday),
    weekday_name: Value.string(DAY_NAMES[c.weekday]),
    hour: Value.number(c.hour),
    minute: Value.number(c.minute),
    second: Value.number(c.second),
    iso_year: Value.number(iso.year),
    iso_week: Value.number(iso.week),
  };
}

/** Packer's RFC 3339 parser for rfc3339_parse: "T" or space separator, optional fraction. */
function parsePackerRFC3339(s: string): GoTime | undefined {
  const normalised = /^.{10} /.test(s) ? `${s.slice(0, 10)}T${s.slice(11)}` : s;
  try {
    return parseTimestamp(normalised);
  } catch {
    return undefined;
  }
}

function wrap<T>(argIndex: number | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FunctionArgError || e instanceof FunctionError) throw e;
    const msg = (e as Error).message;
    throw argIndex === undefined ? new FunctionError(msg) : new FunctionArgError(argIndex, msg);
  }
}

function legacy(render: (t: GoTime, format: string) => string, now: () => GoTime): FunctionSpec {
  return {
    params: [],
    varParam: { name: 'format', type: StringType },
    returnType: () => StringType,
    impl: (args) => {
      if (args.length > 1) {
        // Packer formats the Go slice of cty values with %v.
        const shown = args.map((a) => `cty.StringVal(${JSON.stringify(a.asString())})`).join(' ');
        throw new FunctionError(`too many values, 1 needed: [${shown}]`);
      }
      const t = now();
      if (args.length === 0) return Value.string(formatRFC3339(t));
      return Value.string(render(t, args[0].asString()));
    },
  };
}

function register(table: Map<string, FunctionSpec>, options: FunctionOptions): void {
  let start: GoTime | undefined;
  const clock = (): GoTime => fromDate(options.now ? options.now() : new Date());
  // The legacy functions read the clock once, like Packer's initTime.
  const startTime = (): GoTime => (start ??= clock());

  table.set('timestamp', {
    params: [],
    returnType: () => StringType,
    impl: () => Value.string(formatRFC3339(clock())),
  });
  table.set('legacy_isotime', legacy(formatGoLayout, startTime));
  table.set(
    'legacy_strftime',
    legacy((t, f) => strftime(f, t), startTime),
  );

  table.set('formatdate', {
    params: [
      { name: 'format', type: StringType },
      { name: 'time', type: StringType },
    ],
    returnType: () => StringType,
    impl: (args) => {
      const t = wrap(1, () => parseTimestamp(args[1].asString()));
      return Value.string(wrap(0, () => formatDate(args[0].asString(), t)));
    },
  });

  table.set('timeadd', {
    params: [
      { name: 'timestamp', type: StringType },
      { name: 'duration', type: StringType },
    ],
    returnType: () => StringType,
    impl: (args) => {
      const t = wrap(undefined, () => parseTimestamp(args[0].asString()));
      const d = wrap(undefined, () => parseDuration(args[1].asString()));
      return Value.string(formatRFC3339({ ...t, unixNs: t.unixNs + d }));
    },
  });

  table.set('rfc3339_parse', {
    params: [{ name: 'timestamp', type: StringType }],
    returnType: () => RFC3339_PARSE_TYPE,
    impl: (args) => {
      const s = args[0].asString();
      const t = parsePackerRFC3339(s);
      if (!t) throw new FunctionArgError(0, `${JSON.stringify(s)} is not a valid RFC3339 timestamp`);
      return Value.object({ ...breakdown(t), unix: Value.number(unixSeconds(t).toString()) });
    },
  });

  table.set('unix_timestamp_parse', {
    params: [{ name: 'unix_timestamp', type: NumberType }],
    returnType: () => UNIX_PARSE_TYPE,
    impl: (args) => {
      let secs: bigint;
      try {
        secs = goInt(args[0]);
      } catch (e) {
        throw new FunctionArgError(
          0,
          `unix_timestamp must be a whole number of seconds representable as a 64-bit integer: ${(e as Error).message}`,
        );
      }
      const t: GoTime = { unixNs: secs * 1_000_000_000n, offsetSec: 0, zoneName: 'UTC' };
      return Value.object({ ...breakdown(t), rfc3339: Value.string(formatRFC3339(t)) });
    },
  });
}

registerFamily(register);
