import { DynamicType, StringType, listOf, objectOf, tupleOf } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { call, callError, expectArgError, expectFunctionError, s, str } from './text-helpers';

const strings = (v: Value): (string | null)[] => v.elements().map((e) => (e.isNull() ? null : e.asString()));

describe('regex', () => {
  it('returns the match when there are no groups', () => {
    expect(str(call('regex', s('[a-z]+'), s('53453453.345345aaabbbccc23454')))).toBe('aaabbbccc');
  });

  it('returns a tuple for unnamed groups', () => {
    const r = call('regex', s('(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)'), s('2019-02-01'));
    expect(r.type).toEqual(tupleOf([StringType, StringType, StringType]));
    expect(strings(r)).toEqual(['2019', '02', '01']);
  });

  it('returns an object for named groups, null for groups that did not take part', () => {
    const r = call(
      'regex',
      s('^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?(?P<port>:\\d+)?'),
      s('https://terraform.io/docs/'),
    );
    expect(r.type).toEqual(objectOf({ authority: StringType, port: StringType, scheme: StringType }));
    expect(r.getAttr('scheme')?.asString()).toBe('https');
    expect(r.getAttr('authority')?.asString()).toBe('terraform.io');
    expect(r.getAttr('port')?.isNull()).toBe(true);
    expect(call('regex', s('(?<year>\\d+)'), s('in 2024')).getAttr('year')?.asString()).toBe('2024');
  });

  it('fails when nothing matches', () => {
    expectFunctionError(
      callError('regex', s('x'), s('ab')),
      'pattern did not match any part of the given string',
    );
  });

  it('rejects mixed groups and invalid patterns with cty wording', () => {
    expectArgError(
      callError('regex', s('(a)(?P<n>b)'), s('ab')),
      0,
      'invalid regexp pattern: cannot mix both named and unnamed capture groups',
    );
    expectArgError(
      callError('regex', s('(a'), s('ab')),
      0,
      'invalid regexp pattern: missing closing ) in (a',
    );
    expectArgError(
      callError('regex', s('a**'), s('ab')),
      0,
      'invalid regexp pattern: invalid nested repetition operator in **',
    );
  });

  it('has a dynamic result type while the pattern is unknown', () => {
    const r = call('regex', Value.unknown(StringType), s('x'));
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(DynamicType);
    const all = call('regexall', Value.unknown(StringType), s('x'));
    expect(all.type).toEqual(listOf(DynamicType));
  });

  it('knows the result type from a known pattern even when the string is unknown', () => {
    const r = call('regex', s('(a)(b)'), Value.unknown(StringType));
    expect(r.isKnown()).toBe(false);
    expect(r.type).toEqual(tupleOf([StringType, StringType]));
  });
});

describe('regexall', () => {
  it('lists every match', () => {
    expect(strings(call('regexall', s('[a-z]+'), s('1234abcd5678efgh9')))).toEqual(['abcd', 'efgh']);
    const none = call('regexall', s('[a-z]+'), s('123'));
    expect(none.length()).toBe(0);
    expect(none.type).toEqual(listOf(StringType));
  });

  it('skips empty matches right after a match, as Go does', () => {
    expect(strings(call('regexall', s('a*'), s('baaac')))).toEqual(['', 'aaa', '']);
  });

  it('lists tuples for groups', () => {
    const r = call('regexall', s('(a)|b'), s('ab'));
    expect(r.elements().map(strings)).toEqual([['a'], [null]]);
  });
});

describe('regex_replace', () => {
  const rr = (input: string, pattern: string, repl: string): string =>
    str(call('regex_replace', s(input), s(pattern), s(repl)));

  it('matches packer console results', () => {
    expect(rr('baaac', 'a*', '-')).toBe('-b-c-');
    // In HCL this replacement is written "$2 $1 $$ $1x $${1}x" (the $$ escapes template interpolation).
    expect(rr('hello world', '(\\w+) (\\w+)', '$2 $1 $$ $1x ${1}x')).toBe('world hello $  hellox');
    expect(rr('xABCx', '(?i)abc', '-')).toBe('x-x');
    expect(rr('a\nc', 'a.c', '-')).toBe('a\nc');
    expect(rr('a\nc', '(?s)a.c', '-')).toBe('-');
    expect(rr('a\nb\nc', '(?m)^b$', '-')).toBe('a\n-\nc');
    expect(rr('123héllo', '\\pL+', '-')).toBe('123-');
    expect(rr('12ab3', '[[:alpha:]]+', '-')).toBe('12-3');
    expect(rr('xa.bx', '\\Qa.b\\E', '-')).toBe('x-x');
    expect(rr('a{b', 'a{', '-')).toBe('-b');
    expect(rr('aAaA', 'a(?i:a)a', '-')).toBe('-A');
    expect(rr('aaa', 'a{2}?', '-')).toBe('-a');
    expect(rr('aaa', '(?U)a+', '-')).toBe('---');
    expect(rr('ab', '(?P<n>a)(?P<n>b)', '-')).toBe('-');
    expect(rr('a b', 'a\\sb\\z', '-')).toBe('-');
    expect(rr('ab', '[]a]', '-')).toBe('-b');
    expect(rr('ab', '\\x{61}', '-')).toBe('-b');
  });

  it('matches packer console results for classes, flags and escapes', () => {
    const cases: [string, string, string][] = [
      ['aAb', '(?i)[^a]', 'aA-'],
      ['ab1α', '\\PL', 'ab-α'],
      ['abαβ', '\\p{Greek}+', 'ab-'],
      ['a1', '\\pN', 'a-'],
      ['AaA', '(?i)a(?-i)a', '-A'],
      ['aaaa', 'a{2,}', '-'],
      ['ab', '^*a', '-b'],
      ['a.b*c', '\\Qb*c', 'a.-'],
      ['AB', '\\101', '-B'],
      ['AB', '\\x41', '-B'],
      ['abcd', '[\\x{61}-c]+', '-d'],
      ['ab cd', '\\B', 'a-b c-d'],
      ['abc', '', '-a-b-c-'],
      ['a-b', '[a\\-]+', '-b'],
      ['abc', '(?i:B)', 'a-c'],
      ['a\\b', '\\\\', 'a-b'],
      ['ab', 'a{,2}', 'ab'],
      ['a,b', '[[:punct:]]', 'a-b'],
    ];
    for (const [input, pattern, want] of cases) expect(rr(input, pattern, '-')).toBe(want);
  });

  it('keeps RE2 semantics that JavaScript lacks', () => {
    expect(rr('a\u00a0b', '\\s', '-')).toBe('a\u00a0b'); // \s is ASCII-only
    expect(rr('a\rb', 'a.b', '-')).toBe('-'); // . excludes only \n
    expect(rr('a\nb', 'a$', '-')).toBe('a\nb'); // $ is end of text without (?m)
    expect(rr('Kelvin', '(?i)k', '-')).toBe('-elvin');
    expect(rr('aé', '[^[:ascii:]]', '-')).toBe('a-');
    expect(rr('x12', '\\d{2}', '<$0>')).toBe('x<12>');
    expect(rr('ab', '(?P<first>a)', '${first}${first}')).toBe('aab');
  });

  it('reports Go compile errors verbatim', () => {
    const cases: [string, string][] = [
      ['(', 'missing closing ): `(`'],
      ['a**', 'invalid nested repetition operator: `**`'],
      ['\\8', 'invalid escape sequence: `\\8`'],
      ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
      ['a{1001}', 'invalid repeat count: `{1001}`'],
      ['(?P<>a)', 'invalid named capture: `(?P<>`'],
      ['[z-a]', 'invalid character class range: `z-a`'],
      ['*', 'missing argument to repetition operator: `*`'],
      ['a)', 'unexpected ): `a)`'],
      ['[a', 'missing closing ]: `[a`'],
      ['x\\', 'trailing backslash at end of expression: ``'],
      ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
      ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
      ['(?z)a', 'invalid or unsupported Perl syntax: `(?z`'],
      ['\\1', 'invalid escape sequence: `\\1`'],
      ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
      ['(?P<x', 'invalid named capture: `(?P<x`'],
      ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
      ['\\Z', 'invalid escape sequence: `\\Z`'],
      ['[a-\\d]', 'invalid escape sequence: `\\d`'],
    ];
    for (const [pattern, message] of cases) {
      expectFunctionError(
        callError('regex_replace', s('ab'), s(pattern), s('-')),
        `error parsing regexp: ${message}`,
      );
    }
  });
});

describe('RE2 matching (linear time, Go semantics)', () => {
  // Each runs `reps` times on a long input; the backtracking engine Kiln used before took over 30 s
  // for one run of `(a+)+$` on 41 characters, so a regression cannot finish within the test timeout.
  const time = (fn: () => void, reps: number): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    return Number(process.hrtime.bigint() - t0);
  };

  it('takes about as long for a pathological pattern as for a plain one', () => {
    const input = `${'a'.repeat(20_000)}b`;
    const name = 'a'.repeat(20_000) + '1';
    const cases: [string, string, string][] = [
      ['(a+)+$', 'a+$', input],
      ['^([a-z]+)+$', '^[a-z]+$', name],
      ['(a|aa)*c', 'a*c', input],
    ];
    for (const [pathological, plain, text] of cases) {
      const run = (pattern: string) => () => call('regexall', s(pattern), s(text));
      run(plain)(); // warm up the engine's caches
      const slow = time(run(pathological), 5);
      const fast = time(run(plain), 5);
      // Linear matching keeps the ratio small (an NFA simulation of a few more states); backtracking
      // is exponential in the input length.
      expect(slow / fast).toBeLessThan(30);
    }
  }, 30_000);

  it('matches with a pathological pattern in a validation-style can(regex(...))', () => {
    expect(call('regexall', s('^([a-z]+)+$'), s(`${'a'.repeat(41)}!`)).length()).toBe(0);
    expect(strings(call('regexall', s('(?:x+x+)+y'), s('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy')))).toEqual([
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy',
    ]);
  });

  it('accepts repeated group names as Go does, the later group winning', () => {
    const r = call('regex', s('(?P<n>a)(?P<n>b)'), s('ab'));
    expect(r.type).toEqual(objectOf({ n: StringType }));
    expect(r.getAttr('n')?.asString()).toBe('b');
    // "(" inside a class, an escape or \Q…\E opens no group.
    const q = call('regex', s('(?P<n>a)[(?P<n>]\\(?P<n>\\Q(?P<n>\\E(?P<n>z)'), s('a(P<n>(?P<n>z'));
    expect(q.getAttr('n')?.asString()).toBe('z');
    // A later error quotes the pattern as written, not as renamed.
    expectFunctionError(
      callError('regex_replace', s('ab'), s('(?P<n>a)(?P<n>b)(?P<n>'), s('-')),
      'error parsing regexp: missing closing ): `(?P<n>a)(?P<n>b)(?P<n>`',
    );
  });

  it('finds every match of a long input in linear time, with UTF-16 offsets', () => {
    expect(strings(call('regexall', s('é+|😀'), s('aééb😀c')))).toEqual(['éé', '😀']);
    expect(call('regexall', s('a'), s('ab'.repeat(100_000))).length()).toBe(100_000);
    expect(str(call('regex_replace', s('😀😀'), s(''), s('-')))).toBe('-😀-😀-');
  });
});
