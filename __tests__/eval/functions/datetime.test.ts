import { NumberType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { argError, callError, caller, num, plain, str } from './family-harness';

const fixed = new Date(Date.UTC(2023, 6, 25, 23, 43, 16, 123));
const call = caller({ now: () => fixed });
const fd = (f: string, t: string): string => call('formatdate', str(f), str(t)).asString();

describe('timestamp', () => {
  it('returns the injected clock as UTC RFC 3339 without fractions', () => {
    expect(call('timestamp').asString()).toBe('2023-07-25T23:43:16Z');
  });
});

describe('formatdate', () => {
  const t = '2017-03-04T01:02:03Z';
  it('formats every verb', () => {
    expect(fd('DD MMM YYYY hh:mm ZZZ', '2018-01-02T23:12:01Z')).toBe('02 Jan 2018 23:12 UTC');
    expect(fd('EEEE, DD-MMM-YY hh:mm:ss ZZZ', '2018-01-02T23:12:01-08:00')).toBe(
      'Tuesday, 02-Jan-18 23:12:01 -0800',
    );
    expect(fd('EEE MMM ZZZ ZZZZZ', '2023-01-02T10:00:00+05:30')).toBe('Mon Jan +0530 +05:30');
    expect(fd('H:mm aa AA Z ZZZZ', t)).toBe('1:02 am AM Z +0000');
    expect(fd('M/D h:m:s MMMM', t)).toBe('3/4 1:2:3 March');
    expect(fd("h 'o''clock' ''", t)).toBe("1 o'clock '");
    expect(fd('HH', '2017-03-04T13:00:00Z')).toBe('01');
  });
  it('reports format errors on argument 0 and timestamp errors on argument 1', () => {
    expect(argError(() => fd('YYY', t))).toEqual({
      argIndex: 0,
      message: 'invalid date format verb "YYY": year must either be "YY" or "YYYY"',
    });
    expect(argError(() => fd('q', t))).toEqual({ argIndex: 0, message: 'invalid date format verb "q"' });
    expect(argError(() => fd("'abc", t))).toEqual({ argIndex: 0, message: "unterminated literal '" });
    const bad = (ts: string): string => argError(() => fd('YYYY', ts)).message;
    expect(bad('2017-03-04')).toBe("not a valid RFC3339 timestamp: missing required time introducer 'T'");
    expect(bad('2017-13-04T00:00:00Z')).toBe(
      'not a valid RFC3339 timestamp: cannot use "-04T00:00:00Z" as month',
    );
    expect(bad('2017-02-30T00:00:00Z')).toBe('not a valid RFC3339 timestamp: day out of range');
    expect(bad('2017-03-04T00:00:00')).toBe('not a valid RFC3339 timestamp: end of string before UTC offset');
    expect(bad('2017-03-04T1:00:00Z')).toBe(
      'not a valid RFC3339 timestamp: hour must have exactly two digits',
    );
    expect(bad('2017-03-04 00:00:00Z')).toBe(
      "not a valid RFC3339 timestamp: missing required time introducer 'T'",
    );
    expect(bad('2017-03-04T00:00:00Zjunk')).toBe(
      'not a valid RFC3339 timestamp: cannot use "junk" as timestamp segment',
    );
    // Packer 1.6.6 (older Go) quotes the text after the year instead; current Go quotes from the year on.
    expect(bad('17-03-04T00:00:00Z')).toBe(
      'not a valid RFC3339 timestamp: cannot use "17-03-04T00:00:00Z" as year',
    );
  });
});

describe('timeadd', () => {
  it('adds Go durations', () => {
    expect(call('timeadd', str('2023-01-02T10:00:00Z'), str('1h30m')).asString()).toBe(
      '2023-01-02T11:30:00Z',
    );
    expect(call('timeadd', str('2023-01-02T10:00:00+05:00'), str('-10m')).asString()).toBe(
      '2023-01-02T09:50:00+05:00',
    );
    expect(call('timeadd', str('2023-12-31T23:59:59Z'), str('1.5s')).asString()).toBe('2024-01-01T00:00:00Z');
    expect(call('timeadd', str('2023-01-01T00:00:00Z'), str('0')).asString()).toBe('2023-01-01T00:00:00Z');
  });
  it('reports Go errors', () => {
    expect(callError(() => call('timeadd', str('2023-01-02T10:00:00Z'), str('1x')))).toBe(
      'time: unknown unit "x" in duration "1x"',
    );
    expect(callError(() => call('timeadd', str('2023-01-02T10:00:00Z'), str('10')))).toBe(
      'time: missing unit in duration "10"',
    );
    expect(callError(() => call('timeadd', str('2023-01-02T10:00:00Z'), str('')))).toBe(
      'time: invalid duration ""',
    );
    expect(callError(() => call('timeadd', str('nope'), str('1h')))).toMatch(
      /^not a valid RFC3339 timestamp/,
    );
  });
});

describe('legacy_isotime and legacy_strftime', () => {
  it('format the start time with Go layouts and strftime', () => {
    expect(call('legacy_isotime').asString()).toBe('2023-07-25T23:43:16Z');
    expect(call('legacy_isotime', str('2006-01-02 15:04:05.000 MST Mon Jan _2 3PM')).asString()).toBe(
      '2023-07-25 23:43:16.123 UTC Tue Jul 25 11PM',
    );
    expect(call('legacy_isotime', str('Z07:00 -0700 .999')).asString()).toBe('Z +0000 .123');
    expect(call('legacy_strftime', str('%Y-%m-%d %H:%M:%S%L %Z %z %a %B %p %q %%')).asString()).toBe(
      '2023-07-25 23:43:16.123 UTC +0000 Tue July PM %q %',
    );
    expect(callError(() => call('legacy_isotime', str('a'), str('b')))).toBe(
      'too many values, 1 needed: [cty.StringVal("a") cty.StringVal("b")]',
    );
  });
});

describe('rfc3339_parse and unix_timestamp_parse', () => {
  it('break a timestamp down', () => {
    expect(plain(call('rfc3339_parse', str('2023-07-25T23:43:16-07:00')))).toEqual({
      year: '2023',
      year_day: '206',
      day: '25',
      month: '7',
      month_name: 'July',
      weekday: '2',
      weekday_name: 'Tuesday',
      hour: '23',
      minute: '43',
      second: '16',
      unix: '1690353796',
      iso_year: '2023',
      iso_week: '30',
    });
    expect(
      (plain(call('rfc3339_parse', str('2021-01-01 00:00:00.5Z'))) as Record<string, string>).iso_year,
    ).toBe('2020');
    expect(argError(() => call('rfc3339_parse', str('2023-07-25')))).toEqual({
      argIndex: 0,
      message: '"2023-07-25" is not a valid RFC3339 timestamp',
    });
  });
  it('parse unix timestamps', () => {
    const r = plain(call('unix_timestamp_parse', num(1690328596))) as Record<string, string>;
    expect(r.rfc3339).toBe('2023-07-25T23:43:16Z');
    expect(r.weekday_name).toBe('Tuesday');
    expect((plain(call('unix_timestamp_parse', num(-1))) as Record<string, string>).rfc3339).toBe(
      '1969-12-31T23:59:59Z',
    );
    expect(argError(() => call('unix_timestamp_parse', num(1.5))).message).toMatch(
      /^unix_timestamp must be a whole number of seconds representable as a 64-bit integer: value must be a whole number/,
    );
    expect(call('unix_timestamp_parse', Value.unknown(NumberType)).isKnown()).toBe(false);
  });
});
