import type { Diagnostic } from '../diagnostics';
import type { Range } from '../pos';
import type { Token, TokenType } from './token';

/**
 * The parser's view of the token stream: comments and tabs are skipped, and newlines are either
 * significant (in bodies and object constructors) or skipped (inside brackets and parentheses),
 * according to a stack the parser pushes and pops as it enters and leaves such contexts.
 *
 * It also carries the parser's "recovery" flag: once an error has left the cursor somewhere odd,
 * follow-on errors are suppressed until the parser reaches a synchronisation point (the next body
 * item), so each mistake is reported once.
 */
export class Peeker {
  private next = 0;
  private readonly newlineStack: boolean[] = [];
  recovery = false;
  private prev: Range;

  /**
   * Every diagnostic of the parse, in the order found. One shared sink (rather than a list returned
   * beside each node) saves an array per parse level; callers that need to know whether a
   * sub-parse failed compare `errorMark()` before and after it.
   */
  readonly diags: Diagnostic[];

  constructor(
    private readonly tokens: readonly Token[],
    includeNewlines: boolean,
    diags: Diagnostic[] = [],
  ) {
    this.newlineStack.push(includeNewlines);
    this.prev = rangeStart(tokens[0].range);
    this.diags = diags;
  }

  report(diag: Diagnostic): void {
    this.diags.push(diag);
  }

  /** A mark to pass to `errorsSince`; every diagnostic the parser reports is an error. */
  errorMark(): number {
    return this.diags.length;
  }

  /** True when an error was reported after `mark` was taken. */
  errorsSince(mark: number): boolean {
    return this.diags.length > mark;
  }

  private includingNewlines(): boolean {
    return this.newlineStack[this.newlineStack.length - 1];
  }

  // The next significant token is cached: the parser peeks far more often than it reads.
  private cacheFrom = -1;
  private cacheNl = false;
  private cacheTok!: Token;
  private cacheAfter = 0;

  /** Finds the next significant token at or after `this.next` (and the index after it). */
  private scan(): void {
    const nl = this.includingNewlines();
    if (this.cacheFrom === this.next && this.cacheNl === nl) return;
    const toks = this.tokens;
    this.cacheFrom = this.next;
    this.cacheNl = nl;
    for (let i = this.next; i < toks.length; i++) {
      const tok = toks[i];
      switch (tok.type) {
        case 'Comment':
          // Line comments swallow their newline, which still ends a body item.
          if (nl && tok.text.endsWith('\n')) {
            this.cacheTok = { type: 'Newline', text: '\n', range: tok.range };
            this.cacheAfter = i + 1;
            return;
          }
          continue;
        case 'Tabs':
          continue;
        case 'Newline':
          if (!nl) continue;
          break;
        default:
          break;
      }
      this.cacheTok = tok;
      this.cacheAfter = i + 1;
      return;
    }
    this.cacheTok = toks[toks.length - 1];
    this.cacheAfter = toks.length;
  }

  /**
   * Runs `parse`; if it throws (the stack ran out on deeply nested input), the newline mode is
   * restored to what it was, so the caller can still peek at the token the parse had reached.
   */
  withDepthGuard<T>(parse: () => T): T {
    const depth = this.newlineStack.length;
    try {
      return parse();
    } catch (e) {
      this.newlineStack.length = depth;
      this.cacheFrom = -1;
      throw e;
    }
  }

  /** Moves the cursor to the end of the input (after a parse that cannot go on). */
  skipToEnd(): void {
    this.next = this.tokens.length - 1;
    this.cacheFrom = -1;
  }

  peek(): Token {
    this.scan();
    return this.cacheTok;
  }

  read(): Token {
    this.scan();
    const tok = this.cacheTok;
    this.next = this.cacheAfter;
    this.prev = tok.range;
    return tok;
  }

  /** The significant token after the next one, leaving the cursor where it is. */
  peekSecond(): Token {
    const next = this.next;
    const prev = this.prev;
    this.read();
    const tok = this.peek();
    this.next = next;
    this.prev = prev;
    return tok;
  }

  peekType(): TokenType {
    return this.peek().type;
  }

  /** The range of the most recently read token. */
  prevRange(): Range {
    return this.prev;
  }

  nextRange(): Range {
    return this.peek().range;
  }

  pushIncludeNewlines(include: boolean): void {
    this.newlineStack.push(include);
  }

  popIncludeNewlines(): void {
    this.newlineStack.pop();
  }

  /** True when every significant token has been consumed (only EOF remains). */
  atEOF(): boolean {
    return this.peek().type === 'EOF';
  }
}

function rangeStart(r: Range): Range {
  return { filename: r.filename, start: r.start, end: r.start };
}

/** The bracket that closes (or opens) `type`, for recovery. */
export function oppositeBracket(type: TokenType): TokenType | undefined {
  switch (type) {
    case 'OBrace':
      return 'CBrace';
    case 'OBrack':
      return 'CBrack';
    case 'OParen':
      return 'CParen';
    case 'OQuote':
      return 'CQuote';
    case 'OHeredoc':
      return 'CHeredoc';
    case 'CBrace':
      return 'OBrace';
    case 'CBrack':
      return 'OBrack';
    case 'CParen':
      return 'OParen';
    case 'CQuote':
      return 'OQuote';
    case 'CHeredoc':
      return 'OHeredoc';
    case 'TemplateControl':
    case 'TemplateInterp':
      return 'TemplateSeqEnd';
    case 'TemplateSeqEnd':
      return 'TemplateInterp';
    default:
      return undefined;
  }
}

/**
 * Skips forward to the token that closes the current bracket `end` (counting nested pairs),
 * returning it (or EOF), with the cursor just after it.
 */
export function recover(p: Peeker, end: TokenType): Token {
  const start = oppositeBracket(end);
  p.recovery = true;
  let nest = 0;
  for (;;) {
    const tok = p.read();
    let type = tok.type;
    if (end === 'TemplateSeqEnd' && type === 'TemplateControl') type = 'TemplateInterp';
    if (type === start) {
      nest++;
    } else if (type === end) {
      if (nest < 1) return tok;
      nest--;
    } else if (type === 'EOF') {
      return tok;
    }
  }
}

/** Skips to the newline ending the current body item, minding nested brackets and strings. */
export function recoverAfterBodyItem(p: Peeker): void {
  p.recovery = true;
  const open: TokenType[] = [];
  for (;;) {
    const tok = p.read();
    switch (tok.type) {
      case 'Newline':
        if (open.length === 0) return;
        break;
      case 'EOF':
        return;
      case 'OBrace':
      case 'OBrack':
      case 'OParen':
      case 'OQuote':
      case 'OHeredoc':
      case 'TemplateInterp':
      case 'TemplateControl':
        open.push(tok.type);
        break;
      case 'CBrace':
      case 'CBrack':
      case 'CParen':
      case 'CQuote':
      case 'CHeredoc': {
        const opener = oppositeBracket(tok.type);
        while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
        open.pop();
        break;
      }
      case 'TemplateSeqEnd':
        while (
          open.length > 0 &&
          open[open.length - 1] !== 'TemplateInterp' &&
          open[open.length - 1] !== 'TemplateControl'
        ) {
          open.pop();
        }
        open.pop();
        break;
      default:
        break;
    }
  }
}
