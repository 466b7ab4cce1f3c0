import { StringType, listOf } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { call, callError, expectArgError, expectFunctionError, n, s, str, strList } from './text-helpers';

const list = (v: Value): string[] => v.elements().map((e) => e.asString());

describe('case functions (Go simple case mapping)', () => {
  it('upper and lower map rune by rune', () => {
    expect(str(call('upper', s('hello, World!')))).toBe('HELLO, WORLD!');
    expect(str(call('upper', s('straße ǆ')))).toBe('STRAßE Ǆ');
    expect(str(call('lower', s('İSTANBUL ΑΣ')))).toBe('istanbul ασ');
  });

  it('title uses strings.Title word boundaries and title case', () => {
    expect(str(call('title', s('hello wORLD foo_bar')))).toBe('Hello WORLD Foo_bar');
    expect(str(call('title', s('ǆemal hello-world 3rd')))).toBe('ǅemal Hello-World 3rd');
  });
});

describe('trimming', () => {
  it('trimspace uses Go white space, not JavaScript trim', () => {
    expect(str(call('trimspace', s('\u00a0 hi \ufeff')))).toBe('hi \ufeff');
    expect(str(call('trimspace', s('\n\t x y \u0085')))).toBe('x y');
  });

  it('trim removes any cutset characters from both ends', () => {
    expect(str(call('trim', s('?!hello?!'), s('!?')))).toBe('hello');
    expect(str(call('trim', s('👍a👍'), s('👍')))).toBe('a');
    expect(str(call('trim', s('abc'), s('')))).toBe('abc');
  });

  it('trimprefix, trimsuffix and chomp', () => {
    expect(str(call('trimprefix', s('hello'), s('he')))).toBe('llo');
    expect(str(call('trimprefix', s('hello'), s('lo')))).toBe('hello');
    expect(str(call('trimsuffix', s('hello'), s('lo')))).toBe('hel');
    expect(str(call('trimsuffix', s('hello'), s('')))).toBe('hello');
    expect(str(call('chomp', s('hi\r\n\n\r')))).toBe('hi');
    expect(str(call('chomp', s('a\nb\n')))).toBe('a\nb');
    expect(str(call('chomp', s('a\n ')))).toBe('a\n ');
  });
});

describe('predicates', () => {
  it('startswith, endswith, strcontains', () => {
    expect(call('startswith', s('hello'), s('he')).asBool()).toBe(true);
    expect(call('startswith', s('hello'), s('lo')).asBool()).toBe(false);
    expect(call('endswith', s('hello'), s('lo')).asBool()).toBe(true);
    expect(call('endswith', s('hello'), s('x')).asBool()).toBe(false);
    expect(call('strcontains', s('hello'), s('ll')).asBool()).toBe(true);
    expect(call('strcontains', s('hello'), s('L')).asBool()).toBe(false);
  });

  it('are unknown for unknown input and reject null', () => {
    expect(call('startswith', Value.unknown(StringType), s('x')).isKnown()).toBe(false);
    expectArgError(callError('endswith', s('x'), Value.nullOf(StringType)), 1, 'argument must not be null');
  });
});

describe('split, join, replace', () => {
  it('split follows strings.Split', () => {
    expect(list(call('split', s(','), s('a,b,,c')))).toEqual(['a', 'b', '', 'c']);
    expect(list(call('split', s(','), s('')))).toEqual(['']);
    expect(list(call('split', s(''), s('ab👍')))).toEqual(['a', 'b', '👍']);
    const empty = call('split', s(''), s(''));
    expect(empty.length()).toBe(0);
    expect(empty.type).toEqual(listOf(StringType));
  });

  it('join concatenates every list', () => {
    expect(str(call('join', s(', '), strList('a'), strList('b', 'c')))).toBe('a, b, c');
    expect(str(call('join', s('-'), Value.list([], StringType)))).toBe('');
    expect(str(call('join', s('-'), Value.tuple([s('a'), n(1)])))).toBe('a-1');
  });

  it('join errors', () => {
    expectFunctionError(callError('join', s(', ')), 'at least one list is required');
    expectArgError(
      callError('join', s(','), Value.list([s('a'), Value.nullOf(StringType)])),
      1,
      'element 1 is null; cannot concatenate null values',
    );
    expectArgError(
      callError('join', s(','), strList('a'), Value.list([Value.nullOf(StringType)])),
      2,
      'element 0 of list 2 is null; cannot concatenate null values',
    );
    // The conversion message itself belongs to convert.ts; here only its attribution matters.
    const e = callError('join', s(','), s('abc'));
    expect((e as { argIndex?: number }).argIndex).toBe(1);
  });

  it('join is unknown when any element is unknown', () => {
    expect(call('join', s(','), Value.list([s('a'), Value.unknown(StringType)])).isKnown()).toBe(false);
  });

  it('replace is a plain substring replacement, as in Packer', () => {
    expect(str(call('replace', s('a/b/c'), s('/b/'), s('x')))).toBe('axc');
    expect(str(call('replace', s('abc'), s('/b/'), s('x')))).toBe('abc');
    expect(str(call('replace', s('aaa'), s('a'), s('bb')))).toBe('bbbbbb');
    expect(str(call('replace', s('abc'), s(''), s('-')))).toBe('-a-b-c-');
  });
});

describe('grapheme-aware functions', () => {
  it('strrev reverses grapheme clusters', () => {
    expect(str(call('strrev', s('héllo👍🏽')))).toBe('👍🏽olléh');
    // Strings are NFC-normalised, so use a cluster with no precomposed form.
    expect(str(call('strrev', s('q\u0301x')))).toBe('xq\u0301');
    expect(str(call('strrev', s('')))).toBe('');
  });

  it('substr counts grapheme clusters and mirrors cty quirks', () => {
    expect(str(call('substr', s('hello world'), n(1), n(4)))).toBe('ello');
    expect(str(call('substr', s('hello world'), n(-5), n(-1)))).toBe('world');
    expect(str(call('substr', s('abcd'), n(-3), n(0)))).toBe('bcd');
    expect(str(call('substr', s('abc'), n(-5), n(2)))).toBe('ab');
    expect(str(call('substr', s('abc'), n(5), n(1)))).toBe('');
    expect(str(call('substr', s('abc'), n(1), n(0)))).toBe('');
    expect(str(call('substr', s('abc'), n(0), n(10)))).toBe('abc');
    expect(str(call('substr', s('👍🏽ab'), n(0), n(1)))).toBe('👍🏽');
  });

  it('substr rejects fractional offsets with gocty wording', () => {
    expectFunctionError(
      callError('substr', s('abc'), n(1.5), n(1)),
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });
});

describe('indent', () => {
  it('adds spaces after each newline', () => {
    expect(str(call('indent', n(2), s('a\nb\n')))).toBe('a\n  b\n  ');
    expect(str(call('indent', n(0), s('a\nb')))).toBe('a\nb');
  });

  it('reports a negative count as Packer does (a recovered panic)', () => {
    expectFunctionError(
      callError('indent', n(-1), s('a\nb')),
      'panic in function implementation: strings: negative Repeat count',
    );
  });
});

describe('marks and conversion', () => {
  it('propagate sensitivity and convert numbers to strings', () => {
    expect(call('upper', s('x').mark('sensitive')).isSensitive()).toBe(true);
    expect(str(call('upper', n(12)))).toBe('12');
  });
});
