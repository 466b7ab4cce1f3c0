import fc from 'fast-check';
import { formatGoDuration, parseGoDuration } from '../../src/text/go-duration';

/** Nanoseconds as the milliseconds parseGoDuration reports (exact whole ms, fractional rest). */
const msOf = (ns: bigint): number => Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const MAX_NS = (1n << 63n) - 1n;
const MIN_NS = -(1n << 63n);

function parsedMs(s: string): number {
  const r = parseGoDuration(s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse, got ${r.message}`);
  return r.ms;
}

describe('parseGoDuration accepts what time.ParseDuration accepts', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['-0', 0n],
    ['+0', 0n],
    ['0s', 0n],
    ['5s', 5n * SECOND],
    ['1478s', 1478n * SECOND],
    ['-5s', -5n * SECOND],
    ['+5s', 5n * SECOND],
    ['5.0s', 5n * SECOND],
    ['5.6s', 5600n * 1_000_000n],
    ['5.s', 5n * SECOND],
    ['.5s', 500n * 1_000_000n],
    ['1.004s', 1004n * 1_000_000n],
    ['100.00100s', 100n * SECOND + 1_000_000n],
    ['10ns', 10n],
    ['11us', 11_000n],
    ['12\u00b5s', 12_000n],
    ['12\u03bcs', 12_000n],
    ['13ms', 13_000_000n],
    ['15m', 15n * MINUTE],
    ['16h', 16n * HOUR],
    ['3h30m', 3n * HOUR + 30n * MINUTE],
    ['10.5s4m', 4n * MINUTE + 10n * SECOND + 500_000_000n],
    ['-2m3.4s', -(2n * MINUTE + 3n * SECOND + 400_000_000n)],
    ['1h2m3s4ms5us6ns', HOUR + 2n * MINUTE + 3n * SECOND + 4_000_000n + 5_000n + 6n],
    ['39h9m14.425s', 39n * HOUR + 9n * MINUTE + 14n * SECOND + 425_000_000n],
    // The fraction goes through float64 and is truncated, as in Go.
    ['0.3333333333333333333h', 20n * MINUTE],
    ['0.100000000000000000000h', 6n * MINUTE],
    ['0.830103483285477580700h', 49n * MINUTE + 48n * SECOND + 372_539_827n],
    // A fraction longer than int64 precision is cut, not rejected.
    ['1.00000000000000000000000000000000001s', SECOND],
    ['9007199254740993ns', (1n << 53n) + 1n],
    ['9223372036854775807ns', MAX_NS],
    ['9223372036854775.807us', MAX_NS],
    ['9223372036854ms775us807ns', MAX_NS],
    ['-9223372036854ms775us808ns', MIN_NS],
    ['-9223372036854775808ns', MIN_NS],
    ['-9223372036854775.808us', MIN_NS],
    ['-2562047h47m16.854775808s', MIN_NS],
  ])('%j', (s, ns) => {
    expect(parsedMs(s)).toBe(msOf(ns));
  });

  it('reports sub-millisecond values as fractional milliseconds', () => {
    expect(parsedMs('1.5\u00b5s')).toBeCloseTo(0.0015, 12);
    expect(parsedMs('250us')).toBe(0.25);
    expect(parsedMs('1ns')).toBe(0.000001);
  });

  it('never reports negative zero', () => {
    expect(Object.is(parsedMs('-0s'), 0)).toBe(true);
    expect(Object.is(parsedMs('-0'), 0)).toBe(true);
  });
});

describe("parseGoDuration rejects with Go's messages", () => {
  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1h5', 'time: missing unit in duration "1h5"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['five minutes', 'time: invalid duration "five minutes"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1H', 'time: unknown unit "H" in duration "1H"'],
    // Everything up to the next digit or dot is the unit, spaces included (checked with packer 1.6.6).
    ['5 minutes', 'time: unknown unit " minutes" in duration "5 minutes"'],
    ['1s 2s', 'time: unknown unit "s " in duration "1s 2s"'],
    // The time package writes each byte of a non-ASCII or control character as \x, unlike strconv.Quote.
    ['1\u00e9', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['\ufffd', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['\t1s', 'time: invalid duration "\\x091s"'],
    ['1"s\\', 'time: unknown unit "\\"s\\\\" in duration "1\\"s\\\\"'],
    // Overflow, at each place Go checks it.
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['99999999999999999999ns', 'time: invalid duration "99999999999999999999ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
    ['-9223372036854775.809us', 'time: invalid duration "-9223372036854775.809us"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
  ])('%j', (s, message) => {
    expect(parseGoDuration(s)).toEqual({ ok: false, message });
  });
});

describe('formatGoDuration prints as time.Duration.String()', () => {
  it.each<[bigint, string]>([
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1\u00b5s'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [1_500_000_000n, '1.5s'],
    [5n * MINUTE, '5m0s'],
    [4n * MINUTE + 5n * SECOND, '4m5s'],
    [4n * MINUTE + 5_001_000_000n, '4m5.001s'],
    [HOUR + 30n * MINUTE, '1h30m0s'],
    [5n * HOUR + 6n * MINUTE + 7_001_000_000n, '5h6m7.001s'],
    [8n * HOUR + MINUTE + 1n, '8h1m0.000000001s'],
    [-1n, '-1ns'],
    [-1_500_000_000n, '-1.5s'],
    // The largest whole number of milliseconds a Duration holds (a double cannot carry the last ns digits).
    [9_223_372_036_854n * 1_000_000n, '2562047h47m16.854s'],
    [-9_223_372_036_854n * 1_000_000n, '-2562047h47m16.854s'],
  ])('%s ns → %s', (ns, want) => {
    expect(formatGoDuration(msOf(ns))).toBe(want);
  });

  it('prints whole milliseconds without float noise', () => {
    expect(formatGoDuration(1.1)).toBe('1.1ms');
    expect(formatGoDuration(0.0011)).toBe('1.1\u00b5s');
    expect(formatGoDuration(90 * 60_000)).toBe('1h30m0s');
    expect(formatGoDuration(-0)).toBe('0s');
  });

  it('refuses values that are not Go durations', () => {
    expect(() => formatGoDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatGoDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatGoDuration(1e16)).toThrow(RangeError);
  });
});

describe('round trips', () => {
  it('any int64 count of nanoseconds parses from "<n>ns"', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_NS, max: MAX_NS }), (ns) => {
        expect(parsedMs(`${ns}ns`)).toBe(msOf(ns));
      }),
    );
  });

  it('whole milliseconds survive format → parse across the whole range', () => {
    const limit = Number(MAX_NS / 1_000_000n);
    fc.assert(
      fc.property(fc.integer({ min: -limit, max: limit }), (ms) => {
        expect(parsedMs(formatGoDuration(ms))).toBe(ms === 0 ? 0 : ms);
      }),
    );
  });

  it('nanosecond precision survives format → parse up to ~11 days', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (ns) => {
        const ms = msOf(ns);
        const text = formatGoDuration(ms);
        expect(text).toMatch(/^-?(\d+h)?(\d+m)?\d+(\.\d*[1-9])?(ns|µs|ms|s)$/);
        expect(parsedMs(text)).toBe(ms);
      }),
    );
  });

  it('h/m/s components add up and print normalised', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(100_000),
        fc.nat(999),
        fc.boolean(),
        (h, m, s, milli, negative) => {
          const text = `${negative ? '-' : ''}${h}h${m}m${s}.${String(milli).padStart(3, '0')}s`;
          const ns = BigInt(h) * HOUR + BigInt(m) * MINUTE + BigInt(s) * SECOND + BigInt(milli) * 1_000_000n;
          const signed = negative ? -ns : ns;
          expect(parsedMs(text)).toBe(signed === 0n ? 0 : msOf(signed));
          const canonical = formatGoDuration(msOf(signed));
          expect(parsedMs(canonical)).toBe(parsedMs(text));
          // Normalised: minutes and seconds below 60 once there is a larger unit.
          const parts = /^-?(?:(\d+)h)?(?:(\d+)m)?(\d+)/.exec(canonical);
          if (parts?.[1] !== undefined) expect(Number(parts[2])).toBeLessThan(60);
          if (parts?.[2] !== undefined) expect(Number(parts[3])).toBeLessThan(60);
        },
      ),
    );
  });
});
