import { DynamicType, StringType, type Type, listOf, objectOf, tupleOf } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec } from './function';
import { registerFamily } from './index';
import { type Re2Match, type Re2Pattern, Re2SyntaxError, compileRe2 } from './re2';

/**
 * regex, regexall and regex_replace: cty's stdlib regexp functions. Patterns use Go's RE2 syntax and
 * are translated to JavaScript by ./re2.ts. The result shape of regex/regexall follows the pattern's
 * capture groups: none → the matched string; all unnamed → a tuple; all named → an object.
 */

interface CompiledPattern extends Re2Pattern {
  readonly resultType: Type;
}

/** Compiles a pattern for regex/regexall, with cty's wording for every failure (argument 0). */
function compilePattern(pattern: string): CompiledPattern {
  let compiled: Re2Pattern;
  try {
    compiled = compileRe2(pattern);
  } catch (e) {
    if (e instanceof Re2SyntaxError) {
      throw new FunctionArgError(0, `invalid regexp pattern: ${e.code} in ${e.expr}`);
    }
    throw new FunctionArgError(0, `error parsing pattern: ${(e as Error).message}`);
  }
  const names = compiled.groupNames;
  const named = names.filter((n) => n !== '');
  const unnamed = names.length - named.length;
  let resultType: Type;
  if (names.length === 0) {
    resultType = StringType;
  } else if (unnamed > 0 && named.length > 0) {
    throw new FunctionArgError(0, 'invalid regexp pattern: cannot mix both named and unnamed capture groups');
  } else if (unnamed > 0) {
    resultType = tupleOf(names.map(() => StringType));
  } else {
    const attrs: Record<string, Type> = {};
    for (const n of named) attrs[n] = StringType;
    resultType = objectOf(attrs);
  }
  return { groupNames: compiled.groupNames, searcher: (str) => compiled.searcher(str), resultType };
}

function captureValue(m: Re2Match, i: number): Value {
  const s = m.groups[i + 1];
  // An undefined capture belongs to a group that did not take part in the match.
  return s === undefined ? Value.nullOf(StringType) : Value.string(s);
}

function matchResult(p: CompiledPattern, m: Re2Match): Value {
  switch (p.resultType.kind) {
    case 'string':
      return Value.string(m.groups[0] ?? '');
    case 'tuple':
      return Value.tuple(p.groupNames.map((_, i) => captureValue(m, i)));
    default: {
      // With repeated names the later group wins, as in cty's map assignment.
      const attrs = new Map<string, Value>();
      p.groupNames.forEach((name, i) => attrs.set(name, captureValue(m, i)));
      return Value.object(attrs);
    }
  }
}

const regexFunc: FunctionSpec = {
  description:
    'Applies the given regular expression pattern to the given string and returns information about a single match, or raises an error if there is no match.',
  params: [
    { name: 'pattern', type: StringType },
    { name: 'string', type: StringType },
  ],
  returnType: (args) => {
    if (!args[0].isKnown()) return DynamicType;
    return compilePattern(args[0].asString()).resultType;
  },
  impl: (args, retType) => {
    if (retType.kind === 'dynamic') return Value.DynamicUnknown;
    const p = compilePattern(args[0].asString());
    const m = p.searcher(args[1].asString()).find(0);
    if (!m) throw new FunctionError('pattern did not match any part of the given string');
    return matchResult(p, m);
  },
};

const regexAllFunc: FunctionSpec = {
  description:
    'Applies the given regular expression pattern to the given string and returns a list of information about all non-overlapping matches, or an empty list if there are no matches.',
  params: [
    { name: 'pattern', type: StringType },
    { name: 'string', type: StringType },
  ],
  returnType: (args) => {
    if (!args[0].isKnown()) return listOf(DynamicType);
    return listOf(compilePattern(args[0].asString()).resultType);
  },
  impl: (args, retType) => {
    const ety = retType.kind === 'list' ? retType.element : DynamicType;
    if (ety.kind === 'dynamic') return Value.DynamicUnknown;
    const p = compilePattern(args[0].asString());
    const matches = findAllMatches(p, args[1].asString());
    if (matches.length === 0) return Value.list([], ety);
    return Value.list(
      matches.map((m) => matchResult(p, m)),
      ety,
    );
  },
};

/**
 * All successive non-overlapping matches, as Go's FindAll does it: an empty match right after the
 * previous match is skipped, and after an empty match the search moves on by one character.
 */
export function findAllMatches(re: Re2Pattern, str: string): Re2Match[] {
  const out: Re2Match[] = [];
  const searcher = re.searcher(str);
  let pos = 0;
  let prevEnd = -1;
  while (pos <= str.length) {
    const m = searcher.find(pos);
    if (!m) break;
    const end = m.end;
    let accept = true;
    if (end === pos) {
      if (m.index === prevEnd) accept = false;
      const cp = str.codePointAt(end);
      pos = end + (cp === undefined ? 1 : cp > 0xffff ? 2 : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/**
 * Expands a Go regexp replacement template: $1, ${1}, $name, ${name}, and $$ for a literal "$".
 * As in Go, `$name` takes the longest run of letters, digits and underscores, so "$1x" refers to a
 * group named "1x" (usually empty); a malformed reference leaves the "$" as text.
 */
export function expandTemplate(template: string, m: Re2Match, groupNames: readonly string[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at < 0) break;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = ref[1] ?? ref[2];
    if (/^[0-9]+$/.test(name) && name.length <= 8) {
      const n = Number(name);
      if (n <= groupNames.length) out += m.groups[n] ?? '';
    } else {
      const idx = groupNames.indexOf(name);
      if (idx >= 0) out += m.groups[idx + 1] ?? '';
    }
  }
  return out + rest;
}

/** Go's Regexp.ReplaceAllString, including its rule against replacing an empty match next to a match. */
function replaceAll(re: Re2Pattern, str: string, template: string): string {
  const searcher = re.searcher(str);
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= str.length) {
    const m = searcher.find(searchPos);
    if (!m) break;
    const start = m.index;
    const end = m.end;
    out += str.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expandTemplate(template, m, re.groupNames);
    lastEnd = end;
    const cp = str.codePointAt(searchPos);
    const width = cp === undefined ? 1 : cp > 0xffff ? 2 : 1;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + str.slice(lastEnd);
}

const regexReplaceFunc: FunctionSpec = {
  description:
    'Applies the given regular expression pattern to the given string and replaces all matches with the given replacement string.',
  params: [
    { name: 'str', type: StringType },
    { name: 'pattern', type: StringType },
    { name: 'replace', type: StringType },
  ],
  returnType: () => StringType,
  impl: (args) => {
    let compiled: Re2Pattern;
    try {
      compiled = compileRe2(args[1].asString());
    } catch (e) {
      // cty passes Go's compile error through unchanged: "error parsing regexp: <code>: `<expr>`".
      throw new FunctionError((e as Error).message);
    }
    return Value.string(replaceAll(compiled, args[0].asString(), args[2].asString()));
  },
};

registerFamily((table) => {
  table.set('regex', regexFunc);
  table.set('regexall', regexAllFunc);
  table.set('regex_replace', regexReplaceFunc);
});
