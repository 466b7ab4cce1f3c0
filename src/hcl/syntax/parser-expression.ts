import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Range } from '../pos';
import { rangeBetween } from '../pos';
import type { AnonSymbolExpr, BinaryOperator, Expression, LiteralValue, Traverser } from './ast';
import { parseObjectCons, parseTupleCons } from './parser-collections';
import { parseTemplateInner } from './parser-template';
import type { Peeker } from './peeker';
import { recover } from './peeker';
import { unescapeLiteral } from './string-literal';
import type { Token, TokenType } from './token';

/**
 * Recursive-descent parsing of HCL expressions, following hclsyntax's grammar and diagnostics.
 * Each function returns the expression (an InvalidExpr placeholder where parsing failed) and reports
 * diagnostics to the peeker's sink; `p.recovery` tells callers to stop and resynchronise.
 */

/** Binary operators with their precedence level (higher binds tighter), as in the HCL specification. */
const binaryOps: ReadonlyMap<TokenType, { readonly op: BinaryOperator; readonly level: number }> = new Map([
  ['Or', { op: '||', level: 0 }],
  ['And', { op: '&&', level: 1 }],
  ['EqualOp', { op: '==', level: 2 }],
  ['NotEqual', { op: '!=', level: 2 }],
  ['GreaterThan', { op: '>', level: 3 }],
  ['GreaterThanEq', { op: '>=', level: 3 }],
  ['LessThan', { op: '<', level: 3 }],
  ['LessThanEq', { op: '<=', level: 3 }],
  ['Plus', { op: '+', level: 4 }],
  ['Minus', { op: '-', level: 4 }],
  ['Star', { op: '*', level: 5 }],
  ['Slash', { op: '/', level: 5 }],
  ['Percent', { op: '%', level: 5 }],
]);

export function invalidExpr(range: Range): Expression {
  return { kind: 'Invalid', range };
}

export function isKeyword(tok: Token, kw: string): boolean {
  return tok.type === 'Ident' && tok.text === kw;
}

export function parseExpression(p: Peeker): Expression {
  return parseTernaryConditional(p);
}

function parseTernaryConditional(p: Peeker): Expression {
  const startRange = p.nextRange();
  const condMark = p.errorMark();
  const cond = parseBinaryOps(p, 0);
  if (p.recovery && p.errorsSince(condMark)) return cond;

  if (p.peekType() !== 'Question') return cond;
  p.read();

  const trueMark = p.errorMark();
  const trueResult = parseExpression(p);
  if (p.recovery && p.errorsSince(trueMark)) return cond;

  const colon = p.peek();
  if (colon.type !== 'Colon') {
    p.report(
      errorDiag(
        'Missing false expression in conditional',
        'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
        colon.range,
        rangeBetween(startRange, colon.range),
      ),
    );
    return cond;
  }
  p.read();

  const falseMark = p.errorMark();
  const falseResult = parseExpression(p);
  if (p.recovery && p.errorsSince(falseMark)) return cond;

  return {
    kind: 'Conditional',
    condition: cond,
    trueResult,
    falseResult,
    range: rangeBetween(startRange, falseResult.range),
  };
}

/**
 * Precedence climbing over the levels in `binaryOps`: equivalent to one recursive-descent function
 * per level (all operators are left-associative) but without allocating per level per term.
 */
function parseBinaryOps(p: Peeker, minLevel: number): Expression {
  const mark = p.errorMark();
  let lhs = parseExpressionWithTraversals(p);
  if (p.recovery && p.errorsSince(mark)) return lhs;
  for (;;) {
    const next = p.peek();
    const binOp = binaryOps.get(next.type);
    if (binOp === undefined || binOp.level < minLevel) break;
    p.read();
    const rhsMark = p.errorMark();
    const rhs = parseBinaryOps(p, binOp.level + 1);
    lhs = {
      kind: 'BinaryOp',
      op: binOp.op,
      lhs,
      rhs,
      range: rangeBetween(lhs.range, rhs.range),
      opRange: next.range,
    };
    if (p.recovery && p.errorsSince(rhsMark)) return lhs;
  }
  return lhs;
}

export function parseExpressionWithTraversals(p: Peeker): Expression {
  return parseExpressionTraversals(p, parseExpressionTerm(p));
}

/**
 * Traversal arrays made here, which no other node shares: the node a step is appended to is always
 * replaced by the one returned, so its array can grow in place. Copying it at every step made a
 * chain of n steps (`x.a.a.a…`) take time quadratic in n.
 */
const growable = new WeakSet<readonly Traverser[]>();

function extended(traversal: readonly Traverser[], step: Traverser): readonly Traverser[] {
  if (growable.has(traversal)) {
    (traversal as Traverser[]).push(step);
    return traversal;
  }
  const copy = [...traversal, step];
  growable.add(copy);
  return copy;
}

/** Appends a traversal step, extending an existing traversal where possible. */
function makeRelativeTraversal(expr: Expression, step: Traverser, rng: Range): Expression {
  if (expr.kind === 'ScopeTraversal') {
    return {
      kind: 'ScopeTraversal',
      traversal: extended(expr.traversal, step),
      range: rangeBetween(expr.range, rng),
    };
  }
  if (expr.kind === 'RelativeTraversal') {
    return {
      kind: 'RelativeTraversal',
      source: expr.source,
      traversal: extended(expr.traversal, step),
      range: rangeBetween(expr.range, rng),
    };
  }
  return { kind: 'RelativeTraversal', source: expr, traversal: [step], range: rangeBetween(expr.range, rng) };
}

const NUMBER_TEXT = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * The literal value of a number token, or undefined (after reporting it) when the text is not a
 * well-formed decimal number.
 */
function numberLiteral(p: Peeker, tok: Token): LiteralValue | undefined {
  if (!NUMBER_TEXT.test(tok.text)) {
    p.report(
      errorDiag('Invalid number literal', 'Failed to recognize the value of this number literal.', tok.range),
    );
    return undefined;
  }
  return { type: 'number', value: tok.text };
}

/** A placeholder key for a malformed index; the diagnostic already reported marks the tree as broken. */
const PLACEHOLDER_INDEX: LiteralValue = { type: 'number', value: '0' };

function legacyIndexDiag(numTok: Token, splat: boolean): Diagnostic {
  const [first, second] = numTok.text.split('.', 2);
  const how = splat
    ? 'the proper index syntax with a full splat expression [*] instead'
    : 'the proper index syntax instead';
  return errorDiag(
    'Invalid legacy index syntax',
    `When using the legacy index syntax, chaining two indexes together is not permitted. Use ${how}, like [${first}][${second}].`,
    numTok.range,
  );
}

export function parseExpressionTraversals(p: Peeker, from: Expression): Expression {
  // `from` stays in use below (splats, error ranges): its own array must not grow.
  if (from.kind === 'ScopeTraversal' || from.kind === 'RelativeTraversal') growable.delete(from.traversal);
  let ret = from;
  for (;;) {
    const next = p.peek();
    if (next.type === 'Dot') {
      const dot = p.read();
      const attrTok = p.peek();
      if (attrTok.type === 'Ident') {
        p.read();
        const rng = rangeBetween(dot.range, attrTok.range);
        ret = makeRelativeTraversal(ret, { kind: 'attr', name: attrTok.text, range: rng }, rng);
      } else if (attrTok.type === 'NumberLit') {
        p.read();
        const rng = rangeBetween(dot.range, attrTok.range);
        if (attrTok.text.includes('.')) {
          p.report(legacyIndexDiag(attrTok, false));
          // The value is unknowable; the step gets a placeholder key.
          ret = makeRelativeTraversal(ret, { kind: 'index', key: PLACEHOLDER_INDEX, range: rng }, rng);
        } else {
          const key = numberLiteral(p, attrTok) ?? PLACEHOLDER_INDEX;
          ret = makeRelativeTraversal(ret, { kind: 'index', key, range: rng }, rng);
        }
      } else if (attrTok.type === 'Star') {
        ret = finishLegacySplat(p, from, ret, dot);
      } else {
        p.report(
          errorDiag('Invalid attribute name', 'An attribute name is required after a dot.', attrTok.range),
        );
        ret = invalidExpr(rangeBetween(from.range, dot.range));
        p.recovery = true;
      }
    } else if (next.type === 'OBrack') {
      ret = finishBracketTraversal(p, from, ret);
    } else {
      break;
    }
  }
  return ret;
}

/** `.*` followed by attribute (or legacy numeric index) steps only. */
function finishLegacySplat(p: Peeker, from: Expression, source: Expression, dot: Token): Expression {
  const marker = p.read();
  const trav: Traverser[] = [];
  const firstRange = p.nextRange();
  let lastRange = marker.range;
  while (p.peekType() === 'Dot') {
    const stepDot = p.read();
    const tok = p.peek();
    if (tok.type === 'NumberLit') {
      p.read();
      const rng = rangeBetween(stepDot.range, tok.range);
      if (tok.text.includes('.')) {
        p.report(legacyIndexDiag(tok, true));
        trav.push({ kind: 'index', key: PLACEHOLDER_INDEX, range: rng });
      } else {
        const key = numberLiteral(p, tok) ?? PLACEHOLDER_INDEX;
        trav.push({ kind: 'index', key, range: rng });
      }
      lastRange = tok.range;
      continue;
    }
    if (tok.type !== 'Ident') {
      if (!p.recovery) {
        if (tok.type === 'Star') {
          p.report(
            errorDiag(
              'Nested splat expression not allowed',
              'A splat expression (*) cannot be used inside another attribute-only splat expression.',
              tok.range,
            ),
          );
        } else {
          p.report(
            errorDiag('Invalid attribute name', 'An attribute name is required after a dot.', tok.range),
          );
        }
      }
      p.recovery = true;
      break;
    }
    p.read();
    trav.push({ kind: 'attr', name: tok.text, range: rangeBetween(stepDot.range, tok.range) });
    lastRange = tok.range;
  }
  const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: rangeBetween(dot.range, marker.range) };
  const each: Expression =
    trav.length === 0
      ? item
      : {
          kind: 'RelativeTraversal',
          source: item,
          traversal: trav,
          range: rangeBetween(firstRange, lastRange),
        };
  return {
    kind: 'Splat',
    source,
    each,
    item,
    legacy: true,
    range: rangeBetween(from.range, lastRange),
    markerRange: rangeBetween(dot.range, marker.range),
  };
}

/** `[*]` (full splat) or `[key]` (index: a traversal step when the key is a literal). */
function finishBracketTraversal(p: Peeker, from: Expression, source: Expression): Expression {
  const open = p.read();
  if (p.peekType() === 'Star') {
    p.read();
    let close = p.read();
    if (close.type !== 'CBrack' && !p.recovery) {
      p.report(
        errorDiag(
          'Missing close bracket on splat index',
          'The star for a full splat operator must be immediately followed by a closing bracket ("]").',
          close.range,
        ),
      );
      close = recover(p, 'CBrack');
    }
    const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: rangeBetween(open.range, close.range) };
    const each = parseExpressionTraversals(p, item);
    return {
      kind: 'Splat',
      source,
      each,
      item,
      legacy: false,
      range: rangeBetween(from.range, each.range),
      markerRange: rangeBetween(open.range, close.range),
    };
  }

  p.pushIncludeNewlines(false);
  const keyMark = p.errorMark();
  const key = parseExpression(p);
  let close: Token;
  if (p.recovery && p.errorsSince(keyMark)) {
    close = recover(p, 'CBrack');
  } else {
    close = p.read();
    if (close.type !== 'CBrack' && !p.recovery) {
      p.report(
        errorDiag(
          'Missing close bracket on index',
          'The index operator must end with a closing bracket ("]").',
          close.range,
        ),
      );
      close = recover(p, 'CBrack');
    }
  }
  p.popIncludeNewlines();

  const rng = rangeBetween(open.range, close.range);
  const literal = literalKey(key);
  if (literal !== undefined) {
    return makeRelativeTraversal(source, { kind: 'index', key: literal, range: rng }, rng);
  }
  return { kind: 'Index', collection: source, key, range: rangeBetween(from.range, rng), bracketRange: rng };
}

/** A constant index key: a literal, or a quoted string with no interpolations. */
function literalKey(key: Expression): LiteralValue | undefined {
  if (key.kind === 'LiteralValue') return key.value;
  if (key.kind === 'Template' && key.parts.length === 1 && key.parts[0].kind === 'LiteralValue') {
    return key.parts[0].value;
  }
  return undefined;
}

function parseExpressionTerm(p: Peeker): Expression {
  const start = p.peek();
  switch (start.type) {
    case 'OParen': {
      const oParen = p.read();
      p.pushIncludeNewlines(false);
      const mark = p.errorMark();
      const expr = parseExpression(p);
      if (p.errorsSince(mark)) {
        recover(p, 'CParen');
        p.popIncludeNewlines();
        return expr;
      }
      const close = p.peek();
      if (close.type !== 'CParen') {
        p.report(
          errorDiag(
            'Unbalanced parentheses',
            'Expected a closing parenthesis to terminate the expression.',
            close.range,
            rangeBetween(start.range, close.range),
          ),
        );
        p.recovery = true;
      }
      const cParen = p.read();
      p.popIncludeNewlines();
      return { kind: 'Parentheses', expr, range: rangeBetween(oParen.range, cParen.range) };
    }
    case 'NumberLit': {
      const tok = p.read();
      const value = numberLiteral(p, tok);
      if (value === undefined) return { kind: 'Invalid', range: tok.range };
      return { kind: 'LiteralValue', value, range: tok.range };
    }
    case 'Ident': {
      const tok = p.read();
      if (p.peekType() === 'OParen') return finishParsingFunctionCall(p, tok);
      switch (tok.text) {
        case 'true':
          return { kind: 'LiteralValue', value: { type: 'bool', value: true }, range: tok.range };
        case 'false':
          return { kind: 'LiteralValue', value: { type: 'bool', value: false }, range: tok.range };
        case 'null':
          return { kind: 'LiteralValue', value: { type: 'null' }, range: tok.range };
        default:
          return {
            kind: 'ScopeTraversal',
            traversal: [{ kind: 'root', name: tok.text, range: tok.range }],
            range: tok.range,
          };
      }
    }
    case 'OQuote':
    case 'OHeredoc': {
      const open = p.read();
      if (open.type === 'OQuote') {
        const simple = parseSimpleQuoted(p, open);
        if (simple !== undefined) return simple;
      }
      const closer: TokenType = open.type === 'OQuote' ? 'CQuote' : 'CHeredoc';
      const inner = parseTemplateInner(p, closer, open.text.startsWith('<<-'));
      const range = rangeBetween(open.range, p.prevRange());
      if (inner.passthru) {
        return { kind: 'TemplateWrap', wrapped: inner.parts[0], range };
      }
      return { kind: 'Template', parts: inner.parts, heredoc: open.type === 'OHeredoc', range };
    }
    case 'Minus':
    case 'Bang': {
      const tok = p.read();
      const operand = parseExpressionWithTraversals(p);
      return {
        kind: 'UnaryOp',
        op: tok.type === 'Minus' ? '-' : '!',
        operand,
        range: rangeBetween(tok.range, operand.range),
        opRange: tok.range,
      };
    }
    case 'OBrack':
      return parseTupleCons(p);
    case 'OBrace':
      return parseObjectCons(p);
    default: {
      if (!p.recovery) {
        if (start.type === 'EOF') {
          p.report(
            errorDiag(
              'Missing expression',
              'Expected the start of an expression, but found the end of the file.',
              start.range,
            ),
          );
        } else {
          p.report(
            errorDiag(
              'Invalid expression',
              'Expected the start of an expression, but found an invalid expression token.',
              start.range,
            ),
          );
        }
      }
      p.recovery = true;
      return invalidExpr(start.range);
    }
  }
}

/**
 * The commonest template by far, a quoted string of plain text (`"abc"` or `""`), without the
 * general template machinery: the same tree parseTemplateInner would build, with fewer
 * intermediate objects. Returns undefined, reading nothing, for anything else.
 */
function parseSimpleQuoted(p: Peeker, open: Token): Expression | undefined {
  const lit = p.peek();
  let value: string;
  let litRange: Range;
  if (lit.type === 'CQuote') {
    value = '';
    litRange = { filename: lit.range.filename, start: lit.range.start, end: lit.range.start };
  } else if (lit.type === 'QuotedLit' && p.peekSecond().type === 'CQuote') {
    p.read();
    value = unescapeLiteral(lit, p.diags);
    litRange = lit.range;
  } else {
    return undefined;
  }
  const close = p.read();
  const part: Expression = { kind: 'LiteralValue', value: { type: 'string', value }, range: litRange };
  return { kind: 'Template', parts: [part], heredoc: false, range: rangeBetween(open.range, close.range) };
}

function finishParsingFunctionCall(p: Peeker, name: Token): Expression {
  const openTok = p.read();
  const args: Expression[] = [];
  let expandFinal = false;
  let closeTok: Token | undefined;
  p.pushIncludeNewlines(false);
  for (;;) {
    if (p.peekType() === 'CParen') {
      closeTok = p.read();
      break;
    }
    const argMark = p.errorMark();
    const arg = parseExpression(p);
    args.push(arg);
    if (p.recovery && p.errorsSince(argMark)) {
      closeTok = recover(p, 'CParen');
      break;
    }
    const sep = p.read();
    if (sep.type === 'CParen') {
      closeTok = sep;
      break;
    }
    if (sep.type === 'Ellipsis') {
      expandFinal = true;
      if (p.peekType() !== 'CParen') {
        if (!p.recovery) {
          p.report(
            errorDiag(
              'Missing closing parenthesis',
              'An expanded function argument (with ...) must be immediately followed by closing parentheses.',
              sep.range,
              rangeBetween(name.range, sep.range),
            ),
          );
        }
        closeTok = recover(p, 'CParen');
      } else {
        closeTok = p.read();
      }
      break;
    }
    if (sep.type !== 'Comma') {
      if (sep.type === 'EOF') {
        p.report(
          errorDiag(
            'Unterminated function call',
            'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
            rangeBetween(name.range, openTok.range),
          ),
        );
      } else {
        p.report(
          errorDiag(
            'Missing argument separator',
            'A comma is required to separate each function argument from the next.',
            sep.range,
            rangeBetween(name.range, sep.range),
          ),
        );
      }
      closeTok = recover(p, 'CParen');
      break;
    }
    if (p.peekType() === 'CParen') {
      closeTok = p.read();
      break;
    }
  }
  p.popIncludeNewlines();
  const closeRange = closeTok.range;
  return {
    kind: 'FunctionCall',
    name: name.text,
    args,
    expandFinal,
    range: rangeBetween(name.range, closeRange),
    nameRange: name.range,
    openParenRange: openTok.range,
    closeParenRange: closeRange,
  };
}
