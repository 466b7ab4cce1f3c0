/**
 * Translates Go RE2 regular-expression syntax (as Go's regexp.Compile accepts it) into an equivalent
 * JavaScript RegExp. Packer's regex functions are Go's, so patterns written for Packer must keep
 * their meaning: RE2's `.` excludes only "\n", `\s`/`\w`/`\d` are ASCII, `(?i)`, `(?s)`, `(?m)`, `(?U)`
 * may be scoped to groups, `\Q...\E` quotes, `[[:alpha:]]` classes exist, and `{` that is not a
 * repeat is a literal. JavaScript has none of those exactly, so rather than patching the source text
 * we parse it and emit JavaScript for each construct. Case-insensitivity is expanded into explicit
 * classes because Node 20 has no scoped `(?i:...)` modifiers.
 *
 * Invalid patterns raise Re2SyntaxError with Go's error code text and the offending fragment, so
 * callers can word errors exactly as Go/cty do.
 */

import { POSIX_CLASSES, PERL_CLASSES, caseVariants, complement, unicodeProperty } from './re2-classes';

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

export interface TranslatedRegex {
  /** JavaScript source, to be compiled with the `u` flag (plus `g`/`y` as the caller needs). */
  readonly source: string;
  /** Name of each capture group in order ("" when unnamed); like Go's SubexpNames()[1:]. */
  readonly groupNames: readonly string[];
}

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly U: boolean;
}

/** A code-point range set plus Unicode property escapes, which together make up a class. */
interface ClassSet {
  ranges: [number, number][];
  props: string[];
}

const MAX_REPEAT = 1000;

function esc(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function isWordChar(c: string): boolean {
  return /^[\p{L}\p{N}_]$/u.test(c);
}

class Translator {
  private pos = 0;
  private readonly names: string[] = [];

  constructor(private readonly src: string) {}

  translate(): TranslatedRegex {
    const flags: Flags = { i: false, m: false, s: false, U: false };
    const source = this.parseAlternation(flags, 0);
    if (this.pos < this.src.length) {
      // Only an unmatched ")" stops the top-level alternation early.
      throw new Re2SyntaxError('unexpected )', this.src);
    }
    return { source, groupNames: this.names };
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  /** Parses alternatives until ")" or the end; depth > 0 means a ")" is expected. */
  private parseAlternation(outer: Flags, depth: number): string {
    const alternatives: string[] = [];
    // Flag groups like "(?i)" change the flags for the rest of the enclosing group, across "|".
    const state = { flags: outer };
    for (;;) {
      alternatives.push(this.parseConcatenation(state));
      if (this.peek() === '|') {
        this.pos++;
        continue;
      }
      break;
    }
    if (this.pos < this.src.length && this.peek() === ')' && depth === 0) {
      throw new Re2SyntaxError('unexpected )', this.src);
    }
    return alternatives.join('|');
  }

  private parseConcatenation(state: { flags: Flags }): string {
    const parts: string[] = [];
    // Index into parts of the last repeatable item, and where the last repetition operator began.
    let lastAtom = -1;
    let lastRepeatStart = -1;
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '|' || c === ')') break;
      const start = this.pos;
      const rep = this.tryParseRepeat(state.flags);
      if (rep !== undefined) {
        const text = this.src.slice(start, this.pos);
        if (lastRepeatStart >= 0) {
          throw new Re2SyntaxError(
            'invalid nested repetition operator',
            this.src.slice(lastRepeatStart, this.pos),
          );
        }
        if (lastAtom < 0) throw new Re2SyntaxError('missing argument to repetition operator', text);
        parts[lastAtom] = `(?:${parts[lastAtom]})${rep}`;
        lastRepeatStart = start;
        continue;
      }
      lastRepeatStart = -1;
      if (c === '(' && this.peek(1) === '?') {
        const flagsOnly = this.tryParseFlagGroup(state);
        if (flagsOnly) continue;
      }
      if (c === '\\' && this.peek(1) === 'Q') {
        this.pos += 2;
        const end = this.src.indexOf('\\E', this.pos);
        const lit = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
        this.pos = end < 0 ? this.src.length : end + 2;
        for (const ch of lit) {
          parts.push(this.literal(ch.codePointAt(0) as number, state.flags));
          lastAtom = parts.length - 1;
        }
        continue;
      }
      parts.push(this.parseAtom(state.flags));
      lastAtom = parts.length - 1;
    }
    return parts.join('');
  }

  /** Parses *, +, ?, {n}, {n,}, {n,m} (with a trailing ? for laziness); undefined if none here. */
  private tryParseRepeat(flags: Flags): string | undefined {
    const c = this.peek();
    let q: string;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      q = c;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return undefined; // not a repeat: "{" is a literal in RE2
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        throw new Re2SyntaxError('invalid repeat count', m[0]);
      }
      this.pos += m[0].length;
      q = m[0];
    } else {
      return undefined;
    }
    let lazy = false;
    if (this.peek() === '?') {
      this.pos++;
      lazy = true;
    }
    if (flags.U) lazy = !lazy;
    return lazy ? `${q}?` : q;
  }

  /** Handles "(?flags)" (returns true) and leaves other "(?" groups to parseAtom (returns false). */
  private tryParseFlagGroup(state: { flags: Flags }): boolean {
    const m = /^\(\?([imsU]*(?:-[imsU]*)?)([):])/.exec(this.src.slice(this.pos));
    if (!m || m[2] !== ')') return false;
    this.validateFlags(m[1], m[0]);
    state.flags = applyFlags(state.flags, m[1]);
    this.pos += m[0].length;
    return true;
  }

  private validateFlags(spec: string, text: string): void {
    // Go rejects "(?)", "(?-)" and "(?i-)": a "-" must be followed by flags, and something must be set.
    if (spec === '' || spec.endsWith('-'))
      throw new Re2SyntaxError('invalid or unsupported Perl syntax', text);
  }

  private parseAtom(flags: Flags): string {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        return this.parseClass(flags);
      case '.':
        this.pos++;
        return flags.s ? '[^]' : '[^\\n]';
      case '^':
        this.pos++;
        return flags.m ? '(?:(?<=^|\\n))' : '(?:^)';
      case '$':
        this.pos++;
        return flags.m ? '(?:(?=\\n|$))' : '(?:$)';
      case '\\':
        return this.parseEscapeAtom(flags);
      default: {
        const cp = this.src.codePointAt(this.pos) as number;
        this.pos += cp > 0xffff ? 2 : 1;
        return this.literal(cp, flags);
      }
    }
  }

  private literal(cp: number, flags: Flags): string {
    if (!flags.i) return esc(cp);
    const vs = caseVariants(cp);
    return vs.length === 1 ? esc(cp) : `[${vs.map(esc).join('')}]`;
  }

  private parseGroup(flags: Flags): string {
    let name: string | undefined;
    let inner = flags;
    if (this.peek(1) === '?') {
      const rest = this.src.slice(this.pos);
      if (rest.startsWith('(?P<') || rest.startsWith('(?<')) {
        const open = rest.indexOf('<');
        const close = rest.indexOf('>');
        if (close < 0) throw new Re2SyntaxError('invalid named capture', rest);
        name = rest.slice(open + 1, close);
        if (name === '' || ![...name].every(isWordChar)) {
          throw new Re2SyntaxError('invalid named capture', rest.slice(0, close + 1));
        }
        this.pos += close + 1;
      } else {
        const m = /^\(\?([imsU]*(?:-[imsU]*)?):/.exec(rest);
        if (!m) {
          const bad = [...rest.slice(2)][0] ?? '';
          throw new Re2SyntaxError('invalid or unsupported Perl syntax', `(?${bad}`);
        }
        if (m[1] !== '') this.validateFlags(m[1], m[0]);
        inner = applyFlags(flags, m[1]);
        this.pos += m[0].length;
        const body = this.parseAlternation(inner, 1);
        this.expectClose();
        return `(?:${body})`;
      }
    } else {
      this.pos++;
    }
    this.names.push(name ?? '');
    const body = this.parseAlternation(inner, 1);
    this.expectClose();
    return `(${body})`;
  }

  private expectClose(): void {
    if (this.peek() !== ')') throw new Re2SyntaxError('missing closing )', this.src);
    this.pos++;
  }

  private parseEscapeAtom(flags: Flags): string {
    const next = this.peek(1);
    switch (next) {
      case 'A':
        this.pos += 2;
        return '(?:^)';
      case 'z':
        this.pos += 2;
        return '(?:$)';
      case 'b':
        this.pos += 2;
        return '(?:\\b)';
      case 'B':
        this.pos += 2;
        return '(?:\\B)';
      default:
        break;
    }
    const set = this.tryParseClassEscape();
    if (set) return this.emitClass(set, false, flags);
    return this.literal(this.parseEscapedChar(), flags);
  }

  /** \d \D \s \S \w \W \pX \p{..} \PX \P{..}: returns the class, or undefined if not one of those. */
  private tryParseClassEscape(): ClassSet | undefined {
    const c = this.peek(1);
    const lower = c.toLowerCase();
    if ((lower === 'd' || lower === 's' || lower === 'w') && c !== '') {
      this.pos += 2;
      const ranges = PERL_CLASSES[lower];
      return { ranges: c === lower ? [...ranges] : complement(ranges), props: [] };
    }
    if (c === 'p' || c === 'P') {
      const start = this.pos;
      let name: string;
      if (this.peek(2) === '{') {
        const close = this.src.indexOf('}', this.pos);
        if (close < 0) throw new Re2SyntaxError('invalid character class range', this.src.slice(start));
        name = this.src.slice(this.pos + 3, close);
        this.pos = close + 1;
      } else {
        const ch = [...this.src.slice(this.pos + 2)][0];
        if (ch === undefined)
          throw new Re2SyntaxError('invalid character class range', this.src.slice(start));
        name = ch;
        this.pos += 2 + ch.length;
      }
      let negated = c === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      const prop = unicodeProperty(name);
      if (prop === undefined) {
        throw new Re2SyntaxError('invalid character class range', this.src.slice(start, this.pos));
      }
      return { ranges: [], props: [`\\${negated ? 'P' : 'p'}{${prop}}`] };
    }
    return undefined;
  }

  /** A single-character escape (after "\\"): control, octal, hex or escaped punctuation. */
  private parseEscapedChar(): number {
    const start = this.pos;
    this.pos++; // the backslash
    if (this.pos >= this.src.length) throw new Re2SyntaxError('trailing backslash at end of expression', '');
    const c = this.src.codePointAt(this.pos) as number;
    const ch = String.fromCodePoint(c);
    this.pos += ch.length;
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (ch in controls) return controls[ch];
    if (ch >= '0' && ch <= '7') {
      // A lone non-zero digit would be a backreference, which RE2 does not support.
      if (ch !== '0' && !/[0-7]/.test(this.peek())) {
        throw new Re2SyntaxError('invalid escape sequence', this.src.slice(start, this.pos));
      }
      let digits = ch;
      while (digits.length < 3 && /[0-7]/.test(this.peek())) digits += this.src[this.pos++];
      return parseInt(digits, 8);
    }
    if (ch === 'x') {
      if (this.peek() === '{') {
        const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.pos));
        const v = m ? parseInt(m[1], 16) : NaN;
        if (!m || v > 0x10ffff) throw new Re2SyntaxError('invalid escape sequence', this.escapeText(start));
        this.pos += m[0].length;
        return v;
      }
      const m = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.pos));
      if (!m) throw new Re2SyntaxError('invalid escape sequence', this.escapeText(start));
      this.pos += 2;
      return parseInt(m[0], 16);
    }
    if (c < 0x80 && !/[0-9A-Za-z]/.test(ch)) return c;
    throw new Re2SyntaxError('invalid escape sequence', this.src.slice(start, this.pos));
  }

  private escapeText(start: number): string {
    return this.src.slice(start, Math.min(this.src.length, this.pos + 2));
  }

  private parseClass(flags: Flags): string {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const set: ClassSet = { ranges: [], props: [] };
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new Re2SyntaxError('missing closing ]', this.src.slice(start));
      const c = this.peek();
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const close = this.src.indexOf(':]', this.pos + 2);
        if (close >= 0) {
          const text = this.src.slice(this.pos, close + 2);
          let name = this.src.slice(this.pos + 2, close);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const ranges = POSIX_CLASSES[name];
          if (!ranges) throw new Re2SyntaxError('invalid character class range', text);
          set.ranges.push(...(neg ? complement(ranges) : ranges));
          this.pos = close + 2;
          continue;
        }
      }
      if (c === '\\') {
        const sub = this.tryParseClassEscape();
        if (sub) {
          set.ranges.push(...sub.ranges);
          set.props.push(...sub.props);
          continue;
        }
      }
      const loStart = this.pos;
      const lo = this.parseClassChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const hi = this.parseClassChar();
        if (hi < lo)
          throw new Re2SyntaxError('invalid character class range', this.src.slice(loStart, this.pos));
        set.ranges.push([lo, hi]);
      } else {
        set.ranges.push([lo, lo]);
      }
    }
    return this.emitClass(set, negated, flags);
  }

  private parseClassChar(): number {
    if (this.peek() === '\\') return this.parseEscapedChar();
    const cp = this.src.codePointAt(this.pos) as number;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private emitClass(set: ClassSet, negated: boolean, flags: Flags): string {
    let ranges = set.ranges;
    if (flags.i) {
      const extra: [number, number][] = [];
      for (const [lo, hi] of ranges) {
        // Wide ranges already contain their case partners in practice; folding them would be slow.
        if (hi - lo > 5000) continue;
        for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v !== cp) extra.push([v, v]);
      }
      ranges = [...ranges, ...extra];
    }
    const body =
      ranges.map(([lo, hi]) => (lo === hi ? esc(lo) : `${esc(lo)}-${esc(hi)}`)).join('') + set.props.join('');
    if (body === '') return negated ? '[^]' : '[]';
    return `[${negated ? '^' : ''}${body}]`;
  }
}

function applyFlags(flags: Flags, spec: string): Flags {
  const out = { ...flags };
  let on = true;
  for (const ch of spec) {
    if (ch === '-') on = false;
    else out[ch as keyof Flags] = on;
  }
  return out;
}

/** Translates an RE2 pattern; throws Re2SyntaxError when Go would reject it. */
export function translateRe2(pattern: string): TranslatedRegex {
  return new Translator(pattern).translate();
}

/** Compiles an RE2 pattern to a global JavaScript RegExp plus its capture-group names. */
export function compileRe2(pattern: string): { regexp: RegExp; groupNames: readonly string[] } {
  const t = translateRe2(pattern);
  return { regexp: new RegExp(t.source, 'gu'), groupNames: t.groupNames };
}
