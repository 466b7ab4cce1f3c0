import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Range } from '../pos';
import { rangeBetween } from '../pos';
import type { AnonSymbolExpr, BinaryOperator, Expression, LiteralValue, Traverser } from './ast';
import { parseObjectCons, parseTupleCons } from './parser-collections';
import { parseTemplateInner } from './parser-template';
import type { Peeker } from './peeker';
import { hasErrorDiags, recover } from './peeker';
import type { Token, TokenType } from './token';

/**
 * Recursive-descent parsing of HCL expressions, following hclsyntax's grammar and diagnostics.
 * Each function returns the expression (an InvalidExpr placeholder where parsing failed) together
 * with its diagnostics; `p.recovery` tells callers to stop and resynchronise.
 */
export type ExprResult = [Expression, Diagnostic[]];

/** Binary operators from lowest to highest precedence, as in the HCL specification. */
const binaryOps: readonly ReadonlyMap<TokenType, BinaryOperator>[] = [
  new Map<TokenType, BinaryOperator>([['Or', '||']]),
  new Map<TokenType, BinaryOperator>([['And', '&&']]),
  new Map<TokenType, BinaryOperator>([
    ['EqualOp', '=='],
    ['NotEqual', '!='],
  ]),
  new Map<TokenType, BinaryOperator>([
    ['GreaterThan', '>'],
    ['GreaterThanEq', '>='],
    ['LessThan', '<'],
    ['LessThanEq', '<='],
  ]),
  new Map<TokenType, BinaryOperator>([
    ['Plus', '+'],
    ['Minus', '-'],
  ]),
  new Map<TokenType, BinaryOperator>([
    ['Star', '*'],
    ['Slash', '/'],
    ['Percent', '%'],
  ]),
];

export function invalidExpr(range: Range): Expression {
  return { kind: 'Invalid', range };
}

export function isKeyword(tok: Token, kw: string): boolean {
  return tok.type === 'Ident' && tok.text === kw;
}

export function parseExpression(p: Peeker): ExprResult {
  return parseTernaryConditional(p);
}

function parseTernaryConditional(p: Peeker): ExprResult {
  const startRange = p.nextRange();
  const [cond, diags] = parseBinaryOps(p, 0);
  if (p.recovery && hasErrorDiags(diags)) return [cond, diags];

  if (p.peekType() !== 'Question') return [cond, diags];
  p.read();

  const [trueResult, trueDiags] = parseExpression(p);
  diags.push(...trueDiags);
  if (p.recovery && hasErrorDiags(trueDiags)) return [cond, diags];

  const colon = p.peek();
  if (colon.type !== 'Colon') {
    diags.push(
      errorDiag(
        'Missing false expression in conditional',
        'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
        colon.range,
        rangeBetween(startRange, colon.range),
      ),
    );
    return [cond, diags];
  }
  p.read();

  const [falseResult, falseDiags] = parseExpression(p);
  diags.push(...falseDiags);
  if (p.recovery && hasErrorDiags(falseDiags)) return [cond, diags];

  return [
    {
      kind: 'Conditional',
      condition: cond,
      trueResult,
      falseResult,
      range: rangeBetween(startRange, falseResult.range),
    },
    diags,
  ];
}

/** The precedence level of a binary operator token (higher binds tighter), or -1. */
function opLevel(type: TokenType): number {
  for (let level = 0; level < binaryOps.length; level++) {
    if (binaryOps[level].has(type)) return level;
  }
  return -1;
}

/**
 * Precedence climbing over the levels in `binaryOps`: equivalent to one recursive-descent function
 * per level (all operators are left-associative) but without allocating per level per term.
 */
function parseBinaryOps(p: Peeker, minLevel: number): ExprResult {
  let [lhs, diags] = parseExpressionWithTraversals(p);
  if (p.recovery && hasErrorDiags(diags)) return [lhs, diags];
  for (;;) {
    const next = p.peek();
    const level = opLevel(next.type);
    if (level < minLevel) break;
    p.read();
    const [rhs, rhsDiags] = parseBinaryOps(p, level + 1);
    if (rhsDiags.length > 0) diags = diags.concat(rhsDiags);
    const op = binaryOps[level].get(next.type) as BinaryOperator;
    lhs = { kind: 'BinaryOp', op, lhs, rhs, range: rangeBetween(lhs.range, rhs.range), opRange: next.range };
    if (p.recovery && hasErrorDiags(rhsDiags)) return [lhs, diags];
  }
  return [lhs, diags];
}

export function parseExpressionWithTraversals(p: Peeker): ExprResult {
  const [term, diags] = parseExpressionTerm(p);
  const [ret, more] = parseExpressionTraversals(p, term);
  return [ret, more.length > 0 ? diags.concat(more) : diags];
}

/** Appends a traversal step, extending an existing traversal where possible. */
function makeRelativeTraversal(expr: Expression, step: Traverser, rng: Range): Expression {
  if (expr.kind === 'ScopeTraversal') {
    return {
      kind: 'ScopeTraversal',
      traversal: [...expr.traversal, step],
      range: rangeBetween(expr.range, rng),
    };
  }
  if (expr.kind === 'RelativeTraversal') {
    return {
      kind: 'RelativeTraversal',
      source: expr.source,
      traversal: [...expr.traversal, step],
      range: rangeBetween(expr.range, rng),
    };
  }
  return { kind: 'RelativeTraversal', source: expr, traversal: [step], range: rangeBetween(expr.range, rng) };
}

/** The literal value of a number token; the scanner only produces well-formed digit sequences. */
function numberLiteral(tok: Token): [LiteralValue, Diagnostic[]] {
  if (!/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(tok.text)) {
    // The AST promises well-formed decimal text, so a malformed literal carries a placeholder value;
    // the diagnostic stops anything from using it.
    return [
      { type: 'number', value: '0' },
      [
        errorDiag(
          'Invalid number literal',
          'Failed to recognize the value of this number literal.',
          tok.range,
        ),
      ],
    ];
  }
  return [{ type: 'number', value: tok.text }, []];
}

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

export function parseExpressionTraversals(p: Peeker, from: Expression): ExprResult {
  const diags: Diagnostic[] = [];
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
          diags.push(legacyIndexDiag(attrTok, false));
          // The value is unknowable; the step gets a placeholder key (the diagnostic marks the tree as broken).
          ret = makeRelativeTraversal(
            ret,
            { kind: 'index', key: { type: 'number', value: '0' }, range: rng },
            rng,
          );
        } else {
          const [key, numDiags] = numberLiteral(attrTok);
          diags.push(...numDiags);
          ret = makeRelativeTraversal(ret, { kind: 'index', key, range: rng }, rng);
        }
      } else if (attrTok.type === 'Star') {
        ret = finishLegacySplat(p, from, ret, dot, diags);
      } else {
        diags.push(
          errorDiag('Invalid attribute name', 'An attribute name is required after a dot.', attrTok.range),
        );
        ret = invalidExpr(rangeBetween(from.range, dot.range));
        p.recovery = true;
      }
    } else if (next.type === 'OBrack') {
      ret = finishBracketTraversal(p, from, ret, diags);
    } else {
      break;
    }
  }
  return [ret, diags];
}

/** `.*` followed by attribute (or legacy numeric index) steps only. */
function finishLegacySplat(
  p: Peeker,
  from: Expression,
  source: Expression,
  dot: Token,
  diags: Diagnostic[],
): Expression {
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
        diags.push(legacyIndexDiag(tok, true));
        trav.push({ kind: 'index', key: { type: 'number', value: '0' }, range: rng });
      } else {
        const [key, numDiags] = numberLiteral(tok);
        diags.push(...numDiags);
        trav.push({ kind: 'index', key, range: rng });
      }
      lastRange = tok.range;
      continue;
    }
    if (tok.type !== 'Ident') {
      if (!p.recovery) {
        if (tok.type === 'Star') {
          diags.push(
            errorDiag(
              'Nested splat expression not allowed',
              'A splat expression (*) cannot be used inside another attribute-only splat expression.',
              tok.range,
            ),
          );
        } else {
          diags.push(
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
function finishBracketTraversal(
  p: Peeker,
  from: Expression,
  source: Expression,
  diags: Diagnostic[],
): Expression {
  const open = p.read();
  if (p.peekType() === 'Star') {
    p.read();
    let close = p.read();
    if (close.type !== 'CBrack' && !p.recovery) {
      diags.push(
        errorDiag(
          'Missing close bracket on splat index',
          'The star for a full splat operator must be immediately followed by a closing bracket ("]").',
          close.range,
        ),
      );
      close = recover(p, 'CBrack');
    }
    const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: rangeBetween(open.range, close.range) };
    const [each, nested] = parseExpressionTraversals(p, item);
    diags.push(...nested);
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
  const [key, keyDiags] = parseExpression(p);
  diags.push(...keyDiags);
  let close: Token;
  if (p.recovery && hasErrorDiags(keyDiags)) {
    close = recover(p, 'CBrack');
  } else {
    close = p.read();
    if (close.type !== 'CBrack' && !p.recovery) {
      diags.push(
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

function parseExpressionTerm(p: Peeker): ExprResult {
  const start = p.peek();
  switch (start.type) {
    case 'OParen': {
      const oParen = p.read();
      p.pushIncludeNewlines(false);
      const [expr, diags] = parseExpression(p);
      if (hasErrorDiags(diags)) {
        recover(p, 'CParen');
        p.popIncludeNewlines();
        return [expr, diags];
      }
      const close = p.peek();
      if (close.type !== 'CParen') {
        diags.push(
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
      return [{ kind: 'Parentheses', expr, range: rangeBetween(oParen.range, cParen.range) }, diags];
    }
    case 'NumberLit': {
      const tok = p.read();
      const [value, diags] = numberLiteral(tok);
      if (diags.length > 0) return [{ kind: 'Invalid', range: tok.range }, diags];
      return [{ kind: 'LiteralValue', value, range: tok.range }, diags];
    }
    case 'Ident': {
      const tok = p.read();
      if (p.peekType() === 'OParen') return finishParsingFunctionCall(p, tok);
      switch (tok.text) {
        case 'true':
          return [{ kind: 'LiteralValue', value: { type: 'bool', value: true }, range: tok.range }, []];
        case 'false':
          return [{ kind: 'LiteralValue', value: { type: 'bool', value: false }, range: tok.range }, []];
        case 'null':
          return [{ kind: 'LiteralValue', value: { type: 'null' }, range: tok.range }, []];
        default:
          return [
            {
              kind: 'ScopeTraversal',
              traversal: [{ kind: 'root', name: tok.text, range: tok.range }],
              range: tok.range,
            },
            [],
          ];
      }
    }
    case 'OQuote':
    case 'OHeredoc': {
      const open = p.read();
      const closer: TokenType = open.type === 'OQuote' ? 'CQuote' : 'CHeredoc';
      const inner = parseTemplateInner(p, closer, open.text.startsWith('<<-'));
      const range = rangeBetween(open.range, p.prevRange());
      if (inner.passthru) {
        return [{ kind: 'TemplateWrap', wrapped: inner.parts[0], range }, inner.diags];
      }
      return [
        { kind: 'Template', parts: inner.parts, heredoc: open.type === 'OHeredoc', range },
        inner.diags,
      ];
    }
    case 'Minus':
    case 'Bang': {
      const tok = p.read();
      const [operand, diags] = parseExpressionWithTraversals(p);
      return [
        {
          kind: 'UnaryOp',
          op: tok.type === 'Minus' ? '-' : '!',
          operand,
          range: rangeBetween(tok.range, operand.range),
          opRange: tok.range,
        },
        diags,
      ];
    }
    case 'OBrack':
      return parseTupleCons(p);
    case 'OBrace':
      return parseObjectCons(p);
    default: {
      const diags: Diagnostic[] = [];
      if (!p.recovery) {
        if (start.type === 'EOF') {
          diags.push(
            errorDiag(
              'Missing expression',
              'Expected the start of an expression, but found the end of the file.',
              start.range,
            ),
          );
        } else {
          diags.push(
            errorDiag(
              'Invalid expression',
              'Expected the start of an expression, but found an invalid expression token.',
              start.range,
            ),
          );
        }
      }
      p.recovery = true;
      return [invalidExpr(start.range), diags];
    }
  }
}

function finishParsingFunctionCall(p: Peeker, name: Token): ExprResult {
  const diags: Diagnostic[] = [];
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
    const [arg, argDiags] = parseExpression(p);
    args.push(arg);
    diags.push(...argDiags);
    if (p.recovery && hasErrorDiags(argDiags)) {
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
          diags.push(
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
        diags.push(
          errorDiag(
            'Unterminated function call',
            'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
            rangeBetween(name.range, openTok.range),
          ),
        );
      } else {
        diags.push(
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
  return [
    {
      kind: 'FunctionCall',
      name: name.text,
      args,
      expandFinal,
      range: rangeBetween(name.range, closeRange),
      nameRange: name.range,
      openParenRange: openTok.range,
      closeParenRange: closeRange,
    },
    diags,
  ];
}
