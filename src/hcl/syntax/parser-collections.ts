import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import { rangeBetween } from '../pos';
import type { Expression, ObjectConsItem, ObjectConsKeyExpr } from './ast';
import { invalidExpr, isKeyword, parseExpression } from './parser-expression';
import type { Peeker } from './peeker';
import { recover } from './peeker';
import type { Token, TokenType } from './token';

/** Tuple and object constructors, and the `for` expressions that can appear in their place. */

export function parseTupleCons(p: Peeker): Expression {
  const open = p.read();
  p.pushIncludeNewlines(false);
  try {
    if (isKeyword(p.peek(), 'for')) return finishParsingForExpr(p, open);
    const exprs: Expression[] = [];
    let close: Token;
    for (;;) {
      if (p.peekType() === 'CBrack') {
        close = p.read();
        break;
      }
      const mark = p.errorMark();
      const expr = parseExpression(p);
      exprs.push(expr);
      if (p.recovery && p.errorsSince(mark)) {
        close = recover(p, 'CBrack');
        break;
      }
      const next = p.peek();
      if (next.type === 'CBrack') {
        close = p.read();
        break;
      }
      if (next.type !== 'Comma') {
        if (!p.recovery) {
          if (next.type === 'EOF') {
            p.report(
              errorDiag(
                'Unterminated tuple constructor expression',
                'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
                open.range,
              ),
            );
          } else {
            p.report(
              errorDiag(
                'Missing item separator',
                'Expected a comma to mark the beginning of the next item.',
                next.range,
                rangeBetween(open.range, next.range),
              ),
            );
          }
        }
        close = recover(p, 'CBrack');
        break;
      }
      p.read();
    }
    return { kind: 'TupleCons', exprs, range: rangeBetween(open.range, close.range), openRange: open.range };
  } finally {
    p.popIncludeNewlines();
  }
}

export function parseObjectCons(p: Peeker): Expression {
  const open = p.read();
  p.pushIncludeNewlines(false);
  const isFor = isKeyword(p.peek(), 'for');
  p.popIncludeNewlines();
  if (isFor) return finishParsingForExpr(p, open);

  p.pushIncludeNewlines(true);
  try {
    const items: ObjectConsItem[] = [];
    let close: Token;
    for (;;) {
      let next = p.peek();
      if (next.type === 'Newline') {
        p.read();
        continue;
      }
      if (next.type === 'CBrace') {
        close = p.read();
        break;
      }
      const forceNonLiteral = next.type === 'OParen';
      const keyMark = p.errorMark();
      const keyExpr = parseExpression(p);
      if (p.recovery && p.errorsSince(keyMark)) {
        close = recover(p, 'CBrace');
        break;
      }
      const key: ObjectConsKeyExpr = {
        kind: 'ObjectConsKey',
        wrapped: keyExpr,
        forceNonLiteral,
        range: keyExpr.range,
      };

      next = p.peek();
      if (next.type !== 'Equal' && next.type !== 'Colon') {
        if (!p.recovery) p.report(missingValueDiag(open, next));
        close = recover(p, 'CBrace');
        break;
      }
      p.read();

      const valueMark = p.errorMark();
      const value = parseExpression(p);
      if (p.recovery && p.errorsSince(valueMark)) {
        if (value.kind === 'Invalid') items.push({ key, value });
        close = recover(p, 'CBrace');
        break;
      }
      items.push({ key, value });

      next = p.peek();
      if (next.type === 'CBrace') {
        close = p.read();
        break;
      }
      if (next.type !== 'Comma' && next.type !== 'Newline') {
        if (!p.recovery) {
          if (next.type === 'EOF') {
            p.report(unterminatedObjectDiag(open));
          } else {
            p.report(
              errorDiag(
                'Missing attribute separator',
                'Expected a newline or comma to mark the beginning of the next attribute.',
                next.range,
                rangeBetween(open.range, next.range),
              ),
            );
          }
        }
        close = recover(p, 'CBrace');
        break;
      }
      p.read();
    }
    return { kind: 'ObjectCons', items, range: rangeBetween(open.range, close.range), openRange: open.range };
  } finally {
    p.popIncludeNewlines();
  }
}

function unterminatedObjectDiag(open: Token): Diagnostic {
  return errorDiag(
    'Unterminated object constructor expression',
    'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
    open.range,
  );
}

function missingValueDiag(open: Token, next: Token): Diagnostic {
  const context = rangeBetween(open.range, next.range);
  switch (next.type) {
    case 'Newline':
    case 'Comma':
      return errorDiag(
        'Missing attribute value',
        'Expected an attribute value, introduced by an equals sign ("=").',
        next.range,
        context,
      );
    case 'Ident':
      return errorDiag(
        'Missing key/value separator',
        'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
        next.range,
        context,
      );
    case 'EOF':
      return unterminatedObjectDiag(open);
    default:
      return errorDiag(
        'Missing key/value separator',
        'Expected an equals sign ("=") to mark the beginning of the attribute value.',
        next.range,
        context,
      );
  }
}

function finishParsingForExpr(p: Peeker, open: Token): Expression {
  p.pushIncludeNewlines(false);
  try {
    return forExprBody(p, open);
  } finally {
    p.popIncludeNewlines();
  }
}

function forExprBody(p: Peeker, open: Token): Expression {
  p.read(); // "for"
  const makeObj = open.type === 'OBrace';
  const closeType: TokenType = makeObj ? 'CBrace' : 'CBrack';

  const fail = (detail: string): Expression => {
    const at = p.peek();
    if (!p.recovery) {
      p.report(errorDiag("Invalid 'for' expression", detail, at.range, rangeBetween(open.range, at.range)));
    }
    return bail();
  };
  const bail = (): Expression => {
    const close = recover(p, closeType);
    return invalidExpr(rangeBetween(open.range, close.range));
  };

  if (p.peekType() !== 'Ident') return fail("For expression requires variable name after 'for'.");
  let valueVar = p.read().text;
  let keyVar: string | undefined;
  if (p.peekType() === 'Comma') {
    keyVar = valueVar;
    p.read();
    if (p.peekType() !== 'Ident') return fail('For expression requires value variable name after comma.');
    valueVar = p.read().text;
  }
  if (!isKeyword(p.peek(), 'in'))
    return fail("For expression requires the 'in' keyword after its name declarations.");
  p.read();

  const collMark = p.errorMark();
  const collection = parseExpression(p);
  if (p.recovery && p.errorsSince(collMark)) return bail();

  if (p.peekType() !== 'Colon')
    return fail('For expression requires a colon after the collection expression.');
  p.read();

  let keyExpr: Expression | undefined;
  const valueMark = p.errorMark();
  let valueExpr = parseExpression(p);
  if (p.peekType() === 'FatArrow') {
    p.read();
    keyExpr = valueExpr;
    valueExpr = parseExpression(p);
  }
  if (p.recovery && p.errorsSince(valueMark)) return bail();

  let ellipsis: Token | undefined;
  if (p.peekType() === 'Ellipsis') ellipsis = p.read();

  let condition: Expression | undefined;
  if (isKeyword(p.peek(), 'if')) {
    p.read();
    const condMark = p.errorMark();
    condition = parseExpression(p);
    if (p.recovery && p.errorsSince(condMark)) return bail();
  }

  let close: Token;
  if (p.peekType() === closeType) {
    close = p.read();
  } else {
    const at = p.peek();
    if (!p.recovery) {
      p.report(
        errorDiag(
          "Invalid 'for' expression",
          "Extra characters after the end of the 'for' expression.",
          at.range,
          rangeBetween(open.range, at.range),
        ),
      );
    }
    close = recover(p, closeType);
  }

  const whole = rangeBetween(open.range, close.range);
  if (!makeObj) {
    if (keyExpr !== undefined) {
      p.report(
        errorDiag(
          "Invalid 'for' expression",
          'Key expression is not valid when building a tuple.',
          keyExpr.range,
          whole,
        ),
      );
    }
    if (ellipsis !== undefined) {
      p.report(
        errorDiag(
          "Invalid 'for' expression",
          'Grouping ellipsis (...) cannot be used when building a tuple.',
          ellipsis.range,
          whole,
        ),
      );
    }
  } else if (keyExpr === undefined) {
    p.report(
      errorDiag(
        "Invalid 'for' expression",
        'Key expression is required when building an object.',
        valueExpr.range,
        whole,
      ),
    );
  }

  return {
    kind: 'For',
    keyVar,
    valueVar,
    collection,
    keyExpr,
    valueExpr,
    condition,
    group: ellipsis !== undefined,
    range: whole,
    openRange: open.range,
    closeRange: close.range,
  };
}
