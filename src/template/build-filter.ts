/**
 * Packer's -only and -except patterns: github.com/gobwas/glob patterns compiled without separators,
 * matched against a whole build name (`<build>.<type>.<name>`). Without separators `*` and `**`
 * both match any run of characters (dots included) and `?` any one character; `[abc]`, `[!abc]`,
 * `[a-z]`, `{alt1,alt2}` and `\x` escapes work as in gobwas. The lexer and parser below follow
 * gobwas' own so that the same patterns are accepted, with its error text, and the same oddities
 * hold: an unclosed `{` is as if closed at the end, `}` and `]` outside their brackets are plain text,
 * and a trailing `\` is dropped.
 */

export interface BuildGlob {
  readonly pattern: string;
  match(name: string): boolean;
}

export type GlobResult = { ok: true; glob: BuildGlob } | { ok: false; message: string };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'any' }
  | { kind: 'single' }
  | { kind: 'list'; chars: string; not: boolean }
  | { kind: 'range'; lo: string; hi: string; not: boolean }
  | { kind: 'anyOf'; alternatives: Node[][] };

class GlobSyntaxError extends Error {}

/** glob.Compile(pattern) with no separators. */
export function compileBuildGlob(pattern: string): GlobResult {
  let nodes: Node[];
  try {
    nodes = new GlobParser(pattern).parse();
  } catch (e) {
    if (e instanceof GlobSyntaxError) return { ok: false, message: e.message };
    throw e;
  }
  const re = new RegExp(`^${toRegExp(nodes)}$`, 'su');
  return { ok: true, glob: { pattern, match: (name) => re.test(name) } };
}

function toRegExp(nodes: readonly Node[]): string {
  return nodes.map(nodeRegExp).join('');
}

function nodeRegExp(n: Node): string {
  switch (n.kind) {
    case 'text':
      return escapeRegExp(n.text);
    case 'any':
      return '.*';
    case 'single':
      return '.';
    case 'list':
      return `[${n.not ? '^' : ''}${[...n.chars].map(escapeClassChar).join('')}]`;
    case 'range':
      return `[${n.not ? '^' : ''}${escapeClassChar(n.lo)}-${escapeClassChar(n.hi)}]`;
    case 'anyOf':
      return `(?:${n.alternatives.map(toRegExp).join('|')})`;
  }
}

/** Outside a class `-` is plain text, and the `u` flag refuses `\-` there (amazon-ebs.x crashed). */
function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClassChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

const TEXT_BREAKERS = ['?', '*', '[', '{'];
const TERMS_BREAKERS = [...TEXT_BREAKERS, '}', ','];

/**
 * gobwas' lexer and parser folded together: the lexer's state (nesting of `{`) decides what is
 * text, and ranges are read as the lexer reads them (a `-` only makes a range right after the first
 * character, so `[ab-c]` is the list "ab-c").
 */
class GlobParser {
  private readonly chars: string[];
  private pos = 0;

  constructor(pattern: string) {
    this.chars = [...pattern];
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private read(): string | undefined {
    return this.chars[this.pos++];
  }

  parse(): Node[] {
    const root: Node[] = [];
    // The open `{` groups, innermost last; each holds its alternatives, the last being filled.
    const stack: { group: Node & { kind: 'anyOf' }; into: Node[] }[] = [];
    let current = root;
    for (;;) {
      const c = this.read();
      if (c === undefined) return root;
      if (c === '{') {
        const group: Node & { kind: 'anyOf' } = { kind: 'anyOf', alternatives: [[]] };
        current.push(group);
        stack.push({ group, into: current });
        current = group.alternatives[0];
      } else if (c === ',' && stack.length > 0) {
        const alt: Node[] = [];
        stack[stack.length - 1].group.alternatives.push(alt);
        current = alt;
      } else if (c === '}' && stack.length > 0) {
        current = stack.pop()!.into;
      } else if (c === '[') {
        current.push(this.range());
      } else if (c === '?') {
        current.push({ kind: 'single' });
      } else if (c === '*') {
        // `**` (super) and `*` (any) are the same thing without separators.
        if (this.peek() === '*') this.pos++;
        current.push({ kind: 'any' });
      } else {
        this.pos--;
        const text = this.text(stack.length > 0 ? TERMS_BREAKERS : TEXT_BREAKERS);
        if (text !== '') current.push({ kind: 'text', text });
      }
    }
  }

  /** Reads text up to (not including) an unescaped breaker or the end; `\` escapes anything. */
  private text(breakers: readonly string[]): string {
    let out = '';
    let escaped = false;
    for (;;) {
      const c = this.read();
      if (c === undefined) break;
      if (!escaped) {
        if (c === '\\') {
          escaped = true;
          continue;
        }
        if (breakers.includes(c)) {
          this.pos--;
          break;
        }
      }
      escaped = false;
      out += c;
    }
    return out;
  }

  /** After `[`: `[!` ... `]`, either one lo-hi range or a list of characters. */
  private range(): Node {
    let not = false;
    let seenNot = false;
    let lo: string | undefined;
    let hi: string | undefined;
    let chars = '';
    let wantHi = false;
    let wantClose = false;
    for (;;) {
      const c = this.read();
      if (c === undefined) throw new GlobSyntaxError('unexpected end of input');
      if (wantClose) {
        if (c !== ']') throw new GlobSyntaxError('expected close range character');
        break;
      }
      if (wantHi) {
        hi = c;
        wantHi = false;
        wantClose = true;
        continue;
      }
      if (!seenNot && c === '!') {
        not = true;
        seenNot = true;
        continue;
      }
      if (this.peek() === '-') {
        this.pos++;
        lo = c;
        wantHi = true;
        continue;
      }
      this.pos--;
      chars = this.text([']']);
      wantClose = true;
    }
    if (lo !== undefined && hi !== undefined && hi.codePointAt(0)! < lo.codePointAt(0)!) {
      throw new GlobSyntaxError(`hi character '${hi}' should be greater than lo '${lo}'`);
    }
    const isRange = lo !== undefined && hi !== undefined;
    if (isRange === (chars !== '')) throw new GlobSyntaxError('could not parse range');
    return isRange ? { kind: 'range', lo: lo!, hi: hi!, not } : { kind: 'list', chars, not };
  }
}
