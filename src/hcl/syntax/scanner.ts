import type { Pos } from '../pos';
import { initialPos } from '../pos';
import { markLexicallyClean } from './invalid-tokens';
import type { Token, TokenType } from './token';

/**
 * Hand-written scanner for the HCL native syntax, producing the same token stream as hclsyntax's
 * Ragel scanner (modulo token granularity inside string literals, where adjacent literal pieces are
 * merged into one token).
 *
 * Every character of the input ends up in exactly one token, except runs of ASCII spaces between
 * tokens (and a leading byte order mark), so the formatter can rebuild the file from the tokens.
 * Tabs become `Tabs` tokens rather than whitespace for the same reason.
 *
 * Modes: `main` (ordinary expressions and bodies), `quoted` (inside "..."), `heredoc` (inside a
 * heredoc body) and `bare` (a whole-input template with no delimiters, for `parseTemplate`).
 * Interpolations push a `main` mode which is popped by the `}` that balances the `${`.
 */

type Mode =
  | { readonly kind: 'main' }
  | { readonly kind: 'quoted' }
  | { readonly kind: 'bare' }
  | { kind: 'heredoc'; readonly marker: string; startOfLine: boolean };

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_QUOTE = 0x22;
const CH_HASH = 0x23;
const CH_DOLLAR = 0x24;
const CH_PERCENT = 0x25;
const CH_STAR = 0x2a;
const CH_DOT = 0x2e;
const CH_SLASH = 0x2f;
const CH_BACKSLASH = 0x5c;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_TILDE = 0x7e;

const idStart = /^\p{ID_Start}$/u;
const idContinue = /^\p{ID_Continue}$/u;

const NON_ASCII = /[\u0080-\uffff]/;

/** Index of the next newline at or after `from`, or the string's length when there is none. */
function indexOrEnd(src: string, from: number): number {
  const at = src.indexOf('\n', from);
  return at < 0 ? src.length : at;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentStart(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f;
  }
  return idStart.test(String.fromCodePoint(cp));
}

function isIdentContinue(cp: number): boolean {
  if (cp < 0x80) {
    return (
      (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || isDigit(cp) || cp === 0x5f || cp === 0x2d
    );
  }
  return idContinue.test(String.fromCodePoint(cp));
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

class Scanner {
  private i = 0;
  private byte: number;
  private line: number;
  private col: number;
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [];
  private braces = 0;
  /** True when the source is pure ASCII (then byte offsets equal string indexes). */
  private readonly ascii: boolean;
  private nextNewline = -1;
  /** Brace depths at which a `}` closes a template sequence rather than an object/block. */
  private readonly retBraces: number[] = [];
  /** Set when a token that checkInvalidTokens reports (Invalid, BadUTF8, QuotedNewline) is emitted. */
  private lexicalErrors = false;

  constructor(
    private readonly src: string,
    private readonly filename: string,
    start: Pos,
    rootMode: Mode,
  ) {
    this.byte = start.byte;
    this.line = start.line;
    this.col = start.column;
    this.modes.push(rootMode);
    this.ascii = !NON_ASCII.test(src);
    // hclsyntax ignores a UTF-8 byte order mark, only counting its bytes.
    if (src.charCodeAt(0) === 0xfeff) {
      this.i = 1;
      this.byte += 3;
    }
  }

  run(): Token[] {
    const n = this.src.length;
    while (this.i < n) {
      const mode = this.modes[this.modes.length - 1];
      switch (mode.kind) {
        case 'main':
          this.scanMain();
          break;
        case 'quoted':
          this.scanQuoted();
          break;
        case 'heredoc':
          this.scanHeredoc(mode);
          break;
        case 'bare':
          this.scanBare();
          break;
      }
    }
    const end = this.pos();
    this.tokens.push({ type: 'EOF', text: '', range: { filename: this.filename, start: end, end } });
    if (!this.lexicalErrors) markLexicallyClean(this.tokens);
    return this.tokens;
  }

  private pos(): Pos {
    return { line: this.line, column: this.col, byte: this.byte };
  }

  private code(at: number): number {
    return at < this.src.length ? this.src.charCodeAt(at) : -1;
  }

  /** The code point at index `at`, or the lone surrogate's code unit. */
  private codePoint(at: number): number {
    const cp = this.src.codePointAt(at);
    return cp === undefined ? -1 : cp;
  }

  /** Advances the cursor to index `to`, updating byte offset, line and column. */
  private advanceTo(to: number): void {
    if (this.ascii) {
      this.advanceAsciiTo(to);
      return;
    }
    const src = this.src;
    let i = this.i;
    while (i < to) {
      const c = src.charCodeAt(i);
      if (c < 0x80) {
        this.byte += 1;
        if (c === CH_LF) {
          this.line++;
          this.col = 1;
        } else {
          this.col++;
        }
        i++;
      } else if (c < 0x800) {
        this.byte += 2;
        this.col++;
        i++;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
        const d = src.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.byte += 4;
          this.col++;
          i += 2;
        } else {
          // A lone surrogate: counted as three bytes, as WTF-8 (and U+FFFD) would encode it.
          this.byte += 3;
          this.col++;
          i++;
        }
      } else {
        this.byte += 3;
        this.col++;
        i++;
      }
    }
    this.i = i;
  }

  /**
   * The common all-ASCII case: bytes equal characters, so positions follow from newline offsets
   * alone. `nextNewline` caches the next newline at or after the cursor so each is found once.
   */
  private advanceAsciiTo(to: number): void {
    const src = this.src;
    let nl = this.nextNewline;
    if (nl < this.i) nl = this.nextNewline = indexOrEnd(src, this.i);
    this.byte += to - this.i;
    if (nl >= to) {
      this.col += to - this.i;
    } else {
      let last = nl;
      while (nl < to) {
        this.line++;
        last = nl;
        nl = indexOrEnd(src, nl + 1);
      }
      this.nextNewline = nl;
      this.col = to - last;
    }
    this.i = to;
  }

  /** The end position of the last token, reused as the next token's start when they touch. */
  private lastEnd: Pos | undefined;

  private emit(type: TokenType, to: number): void {
    const from = this.i;
    const last = this.lastEnd;
    const start = last !== undefined && last.byte === this.byte ? last : this.pos();
    this.advanceTo(to);
    const end = this.pos();
    this.lastEnd = end;
    this.tokens.push({
      type,
      text: this.src.slice(from, to),
      range: { filename: this.filename, start, end },
    });
  }

  /** Index just past the code point (or lone surrogate) at `at`. */
  private nextIndex(at: number): number {
    const c = this.src.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = this.code(at + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        return at + 2;
      }
    }
    return at + 1;
  }

  /** Emits the code point at the cursor as Invalid (or BadUTF8 for a lone surrogate). */
  private emitStray(): void {
    const c = this.src.charCodeAt(this.i);
    const next = this.nextIndex(this.i);
    this.lexicalErrors = true;
    this.emit(isSurrogate(c) && next === this.i + 1 ? 'BadUTF8' : 'Invalid', next);
  }

  /**
   * A carriage return not followed by a line feed inside a heredoc or bare template matches none
   * of hclsyntax's scanner patterns, so its scanner stops there and hands back everything that is
   * left as one token: Invalid (reported, and the template is unterminated), or for a top-level
   * bare template, literal text.
   */
  private emitRestAfterLoneCR(type: 'Invalid' | 'StringLit'): void {
    if (type === 'Invalid') this.lexicalErrors = true;
    this.emit(type, this.src.length);
  }

  private openTemplateSeq(type: 'TemplateInterp' | 'TemplateControl'): void {
    const len = this.code(this.i + 2) === CH_TILDE ? 3 : 2;
    this.emit(type, this.i + len);
    this.braces++;
    this.retBraces.push(this.braces);
    const top = this.modes[this.modes.length - 1];
    if (top.kind === 'heredoc') {
      top.startOfLine = false;
    }
    this.modes.push({ kind: 'main' });
  }

  /** A `}` or `~}` in main mode: closes a template sequence if its depth matches. */
  private closeBrace(len: number): void {
    const depth = this.retBraces.length;
    if (depth > 0 && this.retBraces[depth - 1] === this.braces) {
      this.emit('TemplateSeqEnd', this.i + len);
      this.braces--;
      this.retBraces.pop();
      this.modes.pop();
      return;
    }
    // A stray `~}` is still a TemplateSeqEnd so that the parser can complain about it precisely.
    this.emit(len === 2 ? 'TemplateSeqEnd' : 'CBrace', this.i + len);
    this.braces--;
  }

  private scanMain(): void {
    const src = this.src;
    const i = this.i;
    const c = src.charCodeAt(i);

    if (c === CH_SPACE) {
      let j = i + 1;
      while (src.charCodeAt(j) === CH_SPACE) j++;
      this.advanceTo(j);
      return;
    }
    if (c === CH_TAB) {
      let j = i + 1;
      while (src.charCodeAt(j) === CH_TAB) j++;
      this.emit('Tabs', j);
      return;
    }
    if (c === CH_LF) {
      this.emit('Newline', i + 1);
      return;
    }
    if (c === CH_CR && this.code(i + 1) === CH_LF) {
      this.emit('Newline', i + 2);
      return;
    }
    if (isDigit(c)) {
      this.emit('NumberLit', this.numberEnd(i));
      return;
    }
    if (c === CH_HASH || (c === CH_SLASH && this.code(i + 1) === CH_SLASH)) {
      this.emit('Comment', this.lineCommentEnd(i));
      return;
    }
    if (c === CH_SLASH && this.code(i + 1) === CH_STAR) {
      const close = src.indexOf('*/', i + 2);
      if (close >= 0) {
        this.emit('Comment', close + 2);
        return;
      }
      // An unterminated block comment is not a comment at all: just a slash.
      this.emit('Slash', i + 1);
      return;
    }
    if (c === CH_QUOTE) {
      this.emit('OQuote', i + 1);
      this.modes.push({ kind: 'quoted' });
      return;
    }
    if (c === CH_LBRACE) {
      this.emit('OBrace', i + 1);
      this.braces++;
      return;
    }
    if (c === CH_RBRACE) {
      this.closeBrace(1);
      return;
    }
    if (c === CH_TILDE && this.code(i + 1) === CH_RBRACE) {
      this.closeBrace(2);
      return;
    }
    if (c < 0x80) {
      const type = this.operatorAt(i, c);
      if (type !== undefined) {
        return;
      }
    }
    if (isIdentStart(this.codePoint(i))) {
      this.emit('Ident', this.identEnd(this.nextIndex(i)));
      return;
    }
    this.emitStray();
  }

  /**
   * Emits the operator or punctuation token at `i` (an ASCII character `c`), returning its type, or
   * undefined when `c` starts no such token.
   */
  private operatorAt(i: number, c: number): TokenType | undefined {
    const d = this.code(i + 1);
    let type: TokenType | undefined;
    let len = 1;
    switch (c) {
      case 0x5b:
        type = 'OBrack';
        break;
      case 0x5d:
        type = 'CBrack';
        break;
      case 0x28:
        type = 'OParen';
        break;
      case 0x29:
        type = 'CParen';
        break;
      case 0x2c:
        type = 'Comma';
        break;
      case 0x2a:
        type = 'Star';
        break;
      case 0x2f:
        type = 'Slash';
        break;
      case 0x25:
        type = 'Percent';
        break;
      case 0x2b:
        type = 'Plus';
        break;
      case 0x2d:
        type = 'Minus';
        break;
      case 0x3f:
        type = 'Question';
        break;
      case 0x3a:
        type = 'Colon';
        break;
      case 0x2e:
        if (d === CH_DOT && this.code(i + 2) === CH_DOT) {
          type = 'Ellipsis';
          len = 3;
        } else {
          type = 'Dot';
        }
        break;
      case 0x3d: // =
        if (d === 0x3d) {
          type = 'EqualOp';
          len = 2;
        } else if (d === 0x3e) {
          type = 'FatArrow';
          len = 2;
        } else {
          type = 'Equal';
        }
        break;
      case 0x21: // !
        if (d === 0x3d) {
          type = 'NotEqual';
          len = 2;
        } else {
          type = 'Bang';
        }
        break;
      case 0x3c: // <
        if (d === 0x3c && this.tryHeredoc(i)) return 'OHeredoc';
        if (d === 0x3d) {
          type = 'LessThanEq';
          len = 2;
        } else {
          type = 'LessThan';
        }
        break;
      case 0x3e: // >
        if (d === 0x3d) {
          type = 'GreaterThanEq';
          len = 2;
        } else {
          type = 'GreaterThan';
        }
        break;
      case 0x26: // &
        if (d === 0x26) {
          type = 'And';
          len = 2;
        }
        break;
      case 0x7c: // |
        if (d === 0x7c) {
          type = 'Or';
          len = 2;
        }
        break;
    }
    if (type !== undefined) {
      this.emit(type, i + len);
    }
    return type;
  }

  private identEnd(j: number): number {
    const src = this.src;
    const n = src.length;
    while (j < n) {
      const c = src.charCodeAt(j);
      if (c < 0x80) {
        if (!isIdentContinue(c)) break;
        j++;
      } else {
        if (!isIdentContinue(this.codePoint(j))) break;
        j = this.nextIndex(j);
      }
    }
    return j;
  }

  /**
   * End of a number literal starting at a digit: digits, dots and exponents, but never ending with
   * a dot (so `1..2` and `a.0.b` scan sensibly), the longest such match.
   */
  private numberEnd(i: number): number {
    const src = this.src;
    let j = i + 1;
    let good = j;
    for (;;) {
      const c = src.charCodeAt(j);
      if (isDigit(c)) {
        j++;
        good = j;
      } else if (c === CH_DOT) {
        j++;
      } else if (c === 0x65 || c === 0x45) {
        let k = j + 1;
        const s = src.charCodeAt(k);
        if (s === 0x2b || s === 0x2d) k++;
        if (!isDigit(src.charCodeAt(k))) break;
        j = k + 1;
        good = j;
      } else {
        break;
      }
    }
    return good;
  }

  /** Line comments include their terminating newline (`\n` or `\r\n`), as in hclsyntax. */
  private lineCommentEnd(i: number): number {
    const nl = this.src.indexOf('\n', i);
    return nl < 0 ? this.src.length : nl + 1;
  }

  /** `<<EOT` or `<<-EOT` followed by a newline opens a heredoc; anything else is two `<`. */
  private tryHeredoc(i: number): boolean {
    const src = this.src;
    let j = i + 2;
    if (src.charCodeAt(j) === 0x2d) j++;
    const identStart = j;
    if (j >= src.length || !isIdentStart(this.codePoint(j))) return false;
    j = this.identEnd(this.nextIndex(j));
    const marker = src.slice(identStart, j);
    if (src.charCodeAt(j) === CH_CR && src.charCodeAt(j + 1) === CH_LF) {
      j += 2;
    } else if (src.charCodeAt(j) === CH_LF) {
      j += 1;
    } else {
      return false;
    }
    this.emit('OHeredoc', j);
    this.modes.push({ kind: 'heredoc', marker, startOfLine: true });
    return true;
  }

  /**
   * Where a run of template literal text starting at `i` ends: before `${`/`%{` (but `$${` and
   * `%%{` are escapes and stay literal), or before any character in `stops`.
   */
  private literalEnd(i: number, quoted: boolean): number {
    const src = this.src;
    const n = src.length;
    let j = i;
    while (j < n) {
      const c = src.charCodeAt(j);
      if (c === CH_LF || c === CH_CR) return j;
      if (c === CH_DOLLAR || c === CH_PERCENT) {
        const d = src.charCodeAt(j + 1);
        if (d === CH_LBRACE) return j;
        if (d === c && src.charCodeAt(j + 2) === CH_LBRACE) {
          // `$${` / `%%{`, optionally `$${~`: literal text; the parser turns it into `${`.
          j += src.charCodeAt(j + 3) === CH_TILDE ? 4 : 3;
          continue;
        }
        j++;
        continue;
      }
      if (quoted) {
        if (c === CH_QUOTE) return j;
        if (c === CH_BACKSLASH) {
          const d = src.charCodeAt(j + 1);
          if (j + 1 >= n || d === CH_LF || d === CH_CR) return j;
          j = this.nextIndex(j + 1);
          continue;
        }
      }
      if (isSurrogate(c)) {
        const next = this.nextIndex(j);
        if (next === j + 1) return j;
        j = next;
        continue;
      }
      j++;
    }
    return j;
  }

  private scanQuoted(): void {
    const src = this.src;
    const i = this.i;
    const c = src.charCodeAt(i);
    if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateInterp');
      return;
    }
    if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateControl');
      return;
    }
    if (c === CH_QUOTE) {
      this.emit('CQuote', i + 1);
      this.modes.pop();
      return;
    }
    if (c === CH_LF || c === CH_CR) {
      let j = i + 1;
      while (src.charCodeAt(j) === CH_LF || src.charCodeAt(j) === CH_CR) j++;
      this.lexicalErrors = true;
      this.emit('QuotedNewline', j);
      return;
    }
    const end = this.literalEnd(i, true);
    if (end > i) {
      this.emit('QuotedLit', end);
      return;
    }
    this.emitStray();
  }

  private scanHeredoc(mode: Extract<Mode, { kind: 'heredoc' }>): void {
    const src = this.src;
    const i = this.i;
    const c = src.charCodeAt(i);
    if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateInterp');
      return;
    }
    if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateControl');
      return;
    }
    const end = this.literalEnd(i, false);
    if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) !== CH_LF) {
      if (end > i) {
        mode.startOfLine = false;
        this.emit('StringLit', end);
      } else {
        this.emitRestAfterLoneCR('Invalid');
      }
      return;
    }
    let lineEnd = -1;
    if (src.charCodeAt(end) === CH_LF) lineEnd = end + 1;
    else if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) === CH_LF) lineEnd = end + 2;

    if (lineEnd < 0) {
      if (end > i) {
        mode.startOfLine = false;
        this.emit('StringLit', end);
      } else {
        this.emitStray();
      }
      return;
    }
    if (mode.startOfLine && src.slice(i, end).trim() === mode.marker) {
      // The closing marker and its newline are separate tokens so the newline can still end the
      // attribute that the heredoc is the value of.
      this.emit('CHeredoc', end);
      this.emit('Newline', lineEnd);
      this.modes.pop();
      return;
    }
    mode.startOfLine = true;
    this.emit('StringLit', lineEnd);
  }

  private scanBare(): void {
    const src = this.src;
    const i = this.i;
    const c = src.charCodeAt(i);
    if (c === CH_DOLLAR && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateInterp');
      return;
    }
    if (c === CH_PERCENT && this.code(i + 1) === CH_LBRACE) {
      this.openTemplateSeq('TemplateControl');
      return;
    }
    let end = this.literalEnd(i, false);
    if (src.charCodeAt(end) === CH_CR && src.charCodeAt(end + 1) !== CH_LF) {
      // The root of a bare template: the rest of the input is literal text (see emitRestAfterLoneCR).
      if (end > i) this.emit('StringLit', end);
      else this.emitRestAfterLoneCR('StringLit');
      return;
    }
    if (src.charCodeAt(end) === CH_LF) end += 1;
    else if (src.charCodeAt(end) === CH_CR) end += 2;
    if (end > i) {
      this.emit('StringLit', end);
      return;
    }
    this.emitStray();
  }
}

/**
 * Scans HCL native syntax source into tokens, ending with an EOF token. Never fails: characters
 * that cannot start a token become `Invalid` (or `BadUTF8`) tokens for the parser to report.
 */
export function scanTokens(src: string, filename: string, start: Pos = initialPos): Token[] {
  return new Scanner(src, filename, start, { kind: 'main' }).run();
}

/** Scans a bare template (no surrounding quotes), as used for HCL JSON strings and `templatefile`. */
export function scanTemplateTokens(src: string, filename: string, start: Pos = initialPos): Token[] {
  return new Scanner(src, filename, start, { kind: 'bare' }).run();
}
