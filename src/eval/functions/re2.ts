/**
 * Go's regexp (RE2) for the regex functions, through re2js, a port of RE2/J: an automaton-based
 * matcher whose time is linear in the input, so no pattern can make a validation or a template hang
 * the way a backtracking JavaScript RegExp does with `(a+)+$`. RE2/J parses Go's syntax (Perl flags,
 * `\Q…\E`, POSIX and Unicode classes, RE2's `.` and ASCII `\s\w\d`) and reports Go's error codes.
 *
 * One difference is bridged here: Go lets two capture groups share a name (the later wins in cty's
 * result object), RE2/J refuses them; such patterns are compiled with the repeats renamed.
 */

import { RE2JS, RE2JSSyntaxException } from 're2js';

export class Re2SyntaxError extends Error {
  constructor(
    /** Go's regexp/syntax ErrorCode text, e.g. "missing closing )". */
    readonly code: string,
    /** The fragment of the pattern Go blames. */
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'Re2SyntaxError';
  }
}

/** One match: `groups[0]` is the whole match, `groups[i]` capture group i (undefined: not taken part). */
export interface Re2Match {
  readonly index: number;
  readonly end: number;
  readonly groups: readonly (string | undefined)[];
}

/** A compiled pattern. Offsets are UTF-16 indexes into the searched string. */
export interface Re2Pattern {
  /** Name of each capture group in order ("" when unnamed); like Go's SubexpNames()[1:]. */
  readonly groupNames: readonly string[];
  /** A searcher over one string; `find(from)` gives the leftmost-first match starting at or after `from`. */
  searcher(str: string): { find(from: number): Re2Match | null };
}

const DUPLICATE_NAME = 'duplicate capture group name';

export function compileRe2(pattern: string): Re2Pattern {
  let compiled: RE2JS;
  let renamed = new Map<string, string>();
  try {
    compiled = compileOrThrow(pattern, renamed);
  } catch (e) {
    if (!(e instanceof Re2SyntaxError) || e.code !== DUPLICATE_NAME) throw e;
    const unique = renameDuplicateGroups(pattern);
    renamed = unique.renamed;
    compiled = compileOrThrow(unique.pattern, renamed);
  }
  const groupNames: string[] = new Array<string>(compiled.groupCount()).fill('');
  for (const [name, index] of Object.entries(compiled.namedGroups())) {
    groupNames[index - 1] = renamed.get(name) ?? name;
  }
  return {
    groupNames,
    searcher(str) {
      const matcher = compiled.matcher(str);
      return {
        find(from) {
          if (!matcher.find(from)) return null;
          const groups: (string | undefined)[] = [];
          for (let i = 0; i <= groupNames.length; i++) groups.push(matcher.group(i) ?? undefined);
          return { index: matcher.start(), end: matcher.end(), groups };
        },
      };
    },
  };
}

function compileOrThrow(pattern: string, renamed: ReadonlyMap<string, string>): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) {
      // Go quotes an empty fragment for a trailing backslash; RE2/J has none. A fragment can only
      // show a renamed group when the original pattern had a later error, so give it its real name.
      let expr = e.input ?? '';
      for (const [fresh, original] of renamed) expr = expr.split(fresh).join(original);
      throw new Re2SyntaxError(e.error, expr);
    }
    throw e;
  }
}

/**
 * Gives every repeated capture-group name a fresh one, skipping escapes, `\Q…\E` and character
 * classes (where "(" is a literal), as Go's parser reads them.
 */
function renameDuplicateGroups(pattern: string): { pattern: string; renamed: Map<string, string> } {
  const seen = new Set<string>();
  const renamed = new Map<string, string>();
  let out = '';
  let i = 0;
  let serial = 0;
  const fresh = (name: string): string => {
    let candidate: string;
    do candidate = `${name}_kiln${++serial}`;
    while (pattern.includes(candidate));
    return candidate;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
      } else {
        out += pattern.slice(i, i + 2);
        i += 2;
      }
    } else if (c === '[') {
      const stop = classEnd(pattern, i);
      out += pattern.slice(i, stop);
      i = stop;
    } else if (c === '(') {
      const m = /^\(\?P?<(\w+)>/.exec(pattern.slice(i, i + 300));
      if (m && seen.has(m[1])) {
        const name = fresh(m[1]);
        renamed.set(name, m[1]);
        out += m[0].replace(`<${m[1]}>`, `<${name}>`);
        i += m[0].length;
      } else {
        if (m) seen.add(m[1]);
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return { pattern: out, renamed };
}

/** Index just past the character class opening at `start` (a "]" first in the class is a literal). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '\\') i += 2;
    else if (pattern.startsWith('[:', i)) {
      const close = pattern.indexOf(':]', i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i++;
  }
  return Math.min(i + 1, pattern.length);
}
