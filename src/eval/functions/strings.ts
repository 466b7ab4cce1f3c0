import { BoolType, NumberType, StringType, listOf } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec, type Parameter } from './function';
import { registerFamily } from './index';
import { goInt } from './support/go-int';
import { goTitle, goToLower, goToUpper, goTrim, goTrimSpace, graphemes } from './support/go-strings';

/**
 * String functions: cty's stdlib string functions plus Packer's startswith, endswith and
 * strcontains. "Characters" are grapheme clusters where cty says so (strrev, substr).
 * Note that replace() is a plain substring replacement: Packer registers cty's ReplaceFunc, not
 * Terraform's regex-aware variant (Packer 1.6.6 and current Packer agree).
 */

const str = (name: string, extra: Partial<Parameter> = {}): Parameter => ({
  name,
  type: StringType,
  ...extra,
});

/** A function of one string argument returning a string. */
function stringToString(description: string, f: (s: string) => string, dynamicOk = false): FunctionSpec {
  return {
    description,
    params: [str('str', dynamicOk ? { allowDynamicType: true } : {})],
    returnType: () => StringType,
    impl: (args) => Value.string(f(args[0].asString())),
  };
}

/** A predicate over two strings (Packer's startswith/endswith/strcontains). */
function stringPredicate(second: string, f: (s: string, t: string) => boolean): FunctionSpec {
  return {
    params: [str('str'), str(second)],
    returnType: () => BoolType,
    impl: (args) => Value.bool(f(args[0].asString(), args[1].asString())),
  };
}

function twoStrings(description: string, second: string, f: (s: string, t: string) => string): FunctionSpec {
  return {
    description,
    params: [str('str'), str(second)],
    returnType: () => StringType,
    impl: (args) => Value.string(f(args[0].asString(), args[1].asString())),
  };
}

const chompFunc = stringToString(
  'Removes one or more newline characters from the end of the given string.',
  (s) => s.replace(/(?:\r\n?|\n)*$/, ''),
);

const indentFunc: FunctionSpec = {
  description: 'Adds a given number of spaces after each newline character in the given string.',
  params: [
    { name: 'spaces', type: NumberType },
    { name: 'str', type: StringType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    const spaces = goInt(args[0]);
    // Go's strings.Repeat panics on a negative count; report it rather than crash.
    if (spaces < 0n)
      throw new FunctionError('panic in function implementation: strings: negative Repeat count');
    return Value.string(
      args[1]
        .asString()
        .split('\n')
        .join(`\n${' '.repeat(Number(spaces))}`),
    );
  },
};

const joinFunc: FunctionSpec = {
  description:
    'Concatenates together the elements of all given lists with a delimiter, producing a single string.',
  params: [str('separator')],
  varParam: { name: 'lists', type: listOf(StringType) },
  returnType: () => StringType,
  impl: (args) => {
    const sep = args[0].asString();
    const lists = args.slice(1);
    if (lists.length === 0) throw new FunctionError('at least one list is required');
    if (lists.some((l) => !l.isWhollyKnown())) return Value.unknown(StringType);
    const items: string[] = [];
    lists.forEach((list, ai) => {
      list.elements().forEach((v, ei) => {
        if (v.isNull()) {
          const where = lists.length > 1 ? `element ${ei} of list ${ai + 1}` : `element ${ei}`;
          throw new FunctionArgError(ai + 1, `${where} is null; cannot concatenate null values`);
        }
        items.push(v.asString());
      });
    });
    return Value.string(items.join(sep));
  },
};

const lowerFunc = stringToString(
  'Returns the given string with all Unicode letters translated to their lowercase equivalents.',
  goToLower,
  true,
);
const upperFunc = stringToString(
  'Returns the given string with all Unicode letters translated to their uppercase equivalents.',
  goToUpper,
  true,
);

const replaceFunc: FunctionSpec = {
  description:
    'Replaces all instances of the given substring in the given string with the given replacement string.',
  params: [str('str'), str('substr'), str('replace')],
  returnType: () => StringType,
  impl: (args) => Value.string(goReplaceAll(args[0].asString(), args[1].asString(), args[2].asString())),
};

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
function goReplaceAll(s: string, old: string, replacement: string): string {
  if (old !== '') return s.split(old).join(replacement);
  return replacement + [...s].map((ch) => ch + replacement).join('');
}

const splitFunc: FunctionSpec = {
  description:
    'Produces a list of one or more strings by splitting the given string at all instances of a given separator substring.',
  params: [str('separator'), str('str')],
  returnType: () => listOf(StringType),
  impl: (args) => {
    const sep = args[0].asString();
    const s = args[1].asString();
    // strings.Split with an empty separator splits into runes (so "" gives an empty list).
    const parts = sep === '' ? [...s] : s.split(sep);
    return Value.list(
      parts.map((p) => Value.string(p)),
      StringType,
    );
  },
};

const strrevFunc = stringToString(
  'Returns the given string with all of its Unicode characters in reverse order.',
  (s) => graphemes(s).reverse().join(''),
  true,
);

const substrFunc: FunctionSpec = {
  description: 'Extracts a substring from the given string.',
  params: [
    str('str', { allowDynamicType: true }),
    { name: 'offset', type: NumberType, allowDynamicType: true },
    { name: 'length', type: NumberType, allowDynamicType: true },
  ],
  returnType: () => StringType,
  impl: (args) => Value.string(substr(args[0].asString(), Number(goInt(args[1])), Number(goInt(args[2])))),
};

/**
 * cty's substr, step for step (its quirks included: a negative offset that is still negative after
 * adding the length starts at 0, and a zero length after a negative offset takes the rest of the string).
 */
function substr(s: string, offset: number, length: number): string {
  const chars = graphemes(s);
  if (offset < 0) offset += chars.length;
  else if (length === 0) return '';
  let start = 0;
  if (offset > 0) {
    if (offset > chars.length) return '';
    start = offset;
  }
  const rest = chars.slice(start);
  // A zero length only gets here after a negative offset; cty's seek loop then never stops early.
  if (length <= 0) return rest.join('');
  return rest.slice(0, length).join('');
}

const titleFunc = stringToString(
  'Replaces one letter after each non-letter and non-digit character with its uppercase equivalent.',
  goTitle,
);

const trimFunc = twoStrings(
  'Removes consecutive sequences of characters in "cutset" from the start and end of the given string.',
  'cutset',
  goTrim,
);
const trimPrefixFunc = twoStrings(
  'Removes the given prefix from the start of the given string, if present.',
  'prefix',
  (s, p) => (s.startsWith(p) ? s.slice(p.length) : s),
);
const trimSuffixFunc = twoStrings(
  'Removes the given suffix from the start of the given string, if present.',
  'suffix',
  (s, x) => (x !== '' && s.endsWith(x) ? s.slice(0, s.length - x.length) : s),
);
const trimSpaceFunc = stringToString(
  'Removes any consecutive space characters (as defined by Unicode) from the start and end of the given string.',
  goTrimSpace,
);

registerFamily((table) => {
  table.set('chomp', chompFunc);
  table.set(
    'endswith',
    stringPredicate('suffix', (s, x) => s.endsWith(x)),
  );
  table.set('indent', indentFunc);
  table.set('join', joinFunc);
  table.set('lower', lowerFunc);
  table.set('replace', replaceFunc);
  table.set('split', splitFunc);
  table.set(
    'startswith',
    stringPredicate('prefix', (s, p) => s.startsWith(p)),
  );
  table.set(
    'strcontains',
    stringPredicate('substr', (s, t) => s.includes(t)),
  );
  table.set('strrev', strrevFunc);
  table.set('substr', substrFunc);
  table.set('title', titleFunc);
  table.set('trim', trimFunc);
  table.set('trimprefix', trimPrefixFunc);
  table.set('trimspace', trimSpaceFunc);
  table.set('trimsuffix', trimSuffixFunc);
  table.set('upper', upperFunc);
});
