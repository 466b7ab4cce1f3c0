import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Pos, Range } from '../pos';
import { formatRange, initialPos, rangeBetween } from '../pos';
import type { Attribute, Block, Body, Expression, Traverser } from './ast';
import { checkInvalidTokens } from './invalid-tokens';
import { parseExpression as parseExpr } from './parser-expression';
import { parseTemplateInner } from './parser-template';
import { parseQuotedStringLiteral, parseTraversal } from './parser-traversal';
import { Peeker, recover, recoverAfterBodyItem } from './peeker';
import { scanTemplateTokens, scanTokens } from './scanner';
import { TOO_DEEP_DETAIL, TOO_DEEP_SUMMARY, isStackOverflow } from '../../text/stack-depth';
import type { Token, TokenType } from './token';

/**
 * Entry points of the HCL native syntax parser. Every function returns a (possibly partial) result
 * together with diagnostics and never throws on bad input: after an error the parser skips to the
 * end of the construct, inserts an InvalidExpr placeholder and carries on.
 *
 * Unlike hclsyntax, which suppresses every error after the first recovery for the rest of the file,
 * the recovery flag is cleared at each body item, so one parse reports each broken item.
 */

export function parseConfig(
  src: string,
  filename: string,
  start: Pos = initialPos,
): { body: Body; diagnostics: Diagnostic[] } {
  return parseConfigTokens(scanTokens(src, filename, start));
}

/**
 * Parses an already scanned file (from scanTokens). The formatter uses this so that checking a
 * file's syntax and formatting it share one scan.
 */
export function parseConfigTokens(tokens: readonly Token[]): { body: Body; diagnostics: Diagnostic[] } {
  const p = new Peeker(tokens, true, checkInvalidTokens(tokens));
  const body = guardDepth(p, () => parseBody(p, 'EOF'), emptyBody);
  return { body, diagnostics: p.diags };
}

export function parseExpression(
  src: string,
  filename: string,
  start: Pos = initialPos,
): { expr: Expression; diagnostics: Diagnostic[] } {
  const tokens = scanTokens(src, filename, start);
  // A standalone expression may span lines freely, as if it were parenthesised.
  const p = new Peeker(tokens, false, checkInvalidTokens(tokens));
  const expr = guardDepth(p, () => parseExpr(p), invalidExpr);
  const next = p.peek();
  if (next.type !== 'EOF' && !p.recovery) {
    p.report(
      errorDiag(
        'Extra characters after expression',
        'An expression was successfully parsed, but extra characters were found after it.',
        next.range,
      ),
    );
  }
  return { expr, diagnostics: p.diags };
}

/** Parses a bare template (no quotes or heredoc markers), as used by HCL JSON and `templatefile`. */
export function parseTemplate(
  src: string,
  filename: string,
  start: Pos = initialPos,
): { expr: Expression; diagnostics: Diagnostic[] } {
  const tokens = scanTemplateTokens(src, filename, start);
  const p = new Peeker(tokens, false, checkInvalidTokens(tokens));
  const inner = guardDepth(
    p,
    () => parseTemplateInner(p, 'EOF', false),
    (range) => ({ parts: [invalidExpr(range)], passthru: true, range }),
  );
  const expr: Expression = inner.passthru
    ? { kind: 'TemplateWrap', wrapped: inner.parts[0], range: inner.range }
    : { kind: 'Template', parts: inner.parts, heredoc: false, range: inner.range };
  return { expr, diagnostics: p.diags };
}

/** Parses an absolute traversal such as `var.foo[0]["bar"]` (no splats, literal keys only). */
export function parseTraversalAbs(
  src: string,
  filename: string,
  start: Pos = initialPos,
): { traversal: Traverser[]; diagnostics: Diagnostic[] } {
  const tokens = scanTokens(src, filename, start);
  const diagnostics = checkInvalidTokens(tokens);
  const p = new Peeker(tokens, false);
  const [traversal, travDiags] = parseTraversal(p);
  diagnostics.push(...travDiags);
  return { traversal, diagnostics };
}

/**
 * Runs a parse; when the input is nested too deeply for the stack, reports that at the token the
 * parser had reached and returns `fallback` for the whole parse (src/text/stack-depth.ts).
 */
function guardDepth<T>(p: Peeker, parse: () => T, fallback: (range: Range) => T): T {
  try {
    return p.withDepthGuard(parse);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    const at = p.peek().range;
    p.report(errorDiag(TOO_DEEP_SUMMARY, TOO_DEEP_DETAIL, at));
    p.recovery = true;
    p.skipToEnd();
    return fallback(at);
  }
}

function emptyBody(range: Range): Body {
  return { kind: 'Body', items: [], attributes: [], blocks: [], range, endRange: range };
}

function invalidExpr(range: Range): Expression {
  return { kind: 'Invalid', range };
}

const argumentOrBlockRequired = 'Argument or block definition required';

function emptyRangeAt(r: Range): Range {
  return { filename: r.filename, start: r.end, end: r.end };
}

function parseBody(p: Peeker, end: TokenType): Body {
  const diags = p.diags;
  const items: (Attribute | Block)[] = [];
  const attrs = new Map<string, Attribute>();
  const startRange = p.prevRange();
  let endRange: Range;

  for (;;) {
    // Each item is a fresh start: errors in earlier items must not hide errors in this one.
    p.recovery = false;
    const next = p.peek();
    if (next.type === end) {
      endRange = next.range;
      p.read();
      break;
    }
    if (next.type === 'Newline') {
      p.read();
      continue;
    }
    if (next.type === 'Ident') {
      const item = parseBodyItem(p);
      if (item === undefined) continue;
      if (item.kind === 'Block') items.push(item);
      if (item.kind === 'Attribute') {
        const existing = attrs.get(item.name);
        if (existing !== undefined) {
          diags.push(
            errorDiag(
              'Attribute redefined',
              `The argument ${JSON.stringify(item.name)} was already set at ${formatRange(existing.nameRange)}. Each argument may be set only once.`,
              item.nameRange,
            ),
          );
        } else {
          // As in hclsyntax, a redefined argument is dropped: the first definition wins.
          attrs.set(item.name, item);
          items.push(item);
        }
      }
      continue;
    }

    const bad = p.read();
    if (bad.type === 'OQuote') {
      diags.push(errorDiag('Invalid argument name', 'Argument names must not be quoted.', bad.range));
    } else if (bad.type === 'EOF') {
      if (end === 'CBrace') {
        diags.push(
          errorDiag(
            'Unclosed configuration block',
            'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
            startRange,
          ),
        );
      } else {
        diags.push(
          errorDiag(
            'Unclosed configuration body',
            'Found end of file before the end of this configuration body.',
            startRange,
          ),
        );
      }
      endRange = bad.range;
      break;
    } else {
      diags.push(
        errorDiag(argumentOrBlockRequired, 'An argument or block definition is required here.', bad.range),
      );
    }
    // Unlike hclsyntax (which abandons the rest of the body), skip just this line and go on.
    skipBodyLine(p, bad, end);
  }

  const attributes = items.filter((i): i is Attribute => i.kind === 'Attribute');
  const blocks = items.filter((i): i is Block => i.kind === 'Block');
  return {
    kind: 'Body',
    items,
    attributes,
    blocks,
    range: rangeBetween(startRange, endRange),
    endRange: emptyRangeAt(endRange),
  };
}

/**
 * Skips the rest of a broken body line, leaving the body's own closing brace (at nesting depth
 * zero) unread so the enclosing block still ends where it should.
 */
function skipBodyLine(p: Peeker, bad: Token, end: TokenType): void {
  p.recovery = true;
  let depth = isOpener(bad.type) ? 1 : 0;
  for (;;) {
    const tok = p.peek();
    if (tok.type === 'EOF') return;
    if (depth === 0 && tok.type === end) return;
    p.read();
    if (isOpener(tok.type)) depth++;
    else if (isCloser(tok.type)) depth = Math.max(0, depth - 1);
    else if (tok.type === 'Newline' && depth === 0) return;
  }
}

function isOpener(t: TokenType): boolean {
  return (
    t === 'OBrace' ||
    t === 'OBrack' ||
    t === 'OParen' ||
    t === 'OQuote' ||
    t === 'OHeredoc' ||
    t === 'TemplateInterp' ||
    t === 'TemplateControl'
  );
}

function isCloser(t: TokenType): boolean {
  return (
    t === 'CBrace' ||
    t === 'CBrack' ||
    t === 'CParen' ||
    t === 'CQuote' ||
    t === 'CHeredoc' ||
    t === 'TemplateSeqEnd'
  );
}

function parseBodyItem(p: Peeker): Attribute | Block | undefined {
  const ident = p.read();
  const next = p.peek();
  switch (next.type) {
    case 'Equal':
      return finishParsingBodyAttribute(p, ident, false);
    case 'OQuote':
    case 'OBrace':
    case 'Ident':
      return finishParsingBodyBlock(p, ident);
    default:
      recoverAfterBodyItem(p);
      p.report(
        errorDiag(
          argumentOrBlockRequired,
          'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
          ident.range,
        ),
      );
      return undefined;
  }
}

function finishParsingBodyAttribute(p: Peeker, ident: Token, singleLine: boolean): Attribute {
  const eq = p.read();
  const mark = p.errorMark();
  const expr = parseExpr(p);
  let endRange = p.prevRange();
  if (p.recovery && p.errorsSince(mark)) {
    recoverAfterBodyItem(p);
  } else if (!singleLine) {
    const end = p.peek();
    if (end.type !== 'Newline' && end.type !== 'EOF') {
      if (!p.recovery) {
        const comma = end.type === 'Comma';
        p.report(
          errorDiag(
            comma ? 'Unexpected comma after argument' : 'Missing newline after argument',
            (comma ? 'Argument definitions must be separated by newlines, not commas. ' : '') +
              'An argument definition must end with a newline.',
            end.range,
            rangeBetween(ident.range, end.range),
          ),
        );
      }
      endRange = p.prevRange();
      recoverAfterBodyItem(p);
    } else {
      endRange = p.prevRange();
      p.read();
    }
  }
  return {
    kind: 'Attribute',
    name: ident.text,
    expr,
    range: rangeBetween(ident.range, endRange),
    nameRange: ident.range,
    equalsRange: eq.range,
  };
}

function finishParsingBodyBlock(p: Peeker, ident: Token): Block {
  const diags = p.diags;
  const labels: string[] = [];
  const labelRanges: Range[] = [];
  let oBrace: Token | undefined;

  while (oBrace === undefined) {
    const tok = p.peek();
    if (tok.type === 'OBrace') {
      oBrace = p.read();
    } else if (tok.type === 'OQuote') {
      const [label, labelRange] = parseQuotedStringLiteral(p, diags);
      labels.push(label);
      labelRanges.push(labelRange);
    } else if (tok.type === 'Ident') {
      p.read();
      labels.push(tok.text);
      labelRanges.push(tok.range);
    } else {
      const context = rangeBetween(ident.range, tok.range);
      if (tok.type === 'Equal') {
        diags.push(
          errorDiag(
            'Invalid block definition',
            'The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
            tok.range,
            context,
          ),
        );
      } else if (tok.type === 'Newline') {
        diags.push(
          errorDiag(
            'Invalid block definition',
            'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
            tok.range,
            context,
          ),
        );
      } else if (!p.recovery) {
        diags.push(
          errorDiag(
            'Invalid block definition',
            'Either a quoted string block label or an opening brace ("{") is expected here.',
            tok.range,
            context,
          ),
        );
      }
      recoverAfterBodyItem(p);
      const emptyBody: Body = {
        kind: 'Body',
        items: [],
        attributes: [],
        blocks: [],
        range: ident.range,
        endRange: ident.range,
      };
      return {
        kind: 'Block',
        type: ident.text,
        labels,
        body: emptyBody,
        range: ident.range,
        typeRange: ident.range,
        labelRanges,
        openBraceRange: ident.range,
        closeBraceRange: ident.range,
      };
    }
  }

  let body: Body | undefined;
  const next = p.peekType();
  if (next === 'Newline' || next === 'EOF' || next === 'CBrace') {
    body = parseBody(p, 'CBrace');
  } else {
    body = parseSingleAttrBody(p);
    finishSingleLineBlock(p, ident, oBrace);
  }
  const cBraceRange = p.prevRange();

  const eol = p.peek();
  if (eol.type === 'Newline' || eol.type === 'EOF') {
    p.read();
  } else {
    if (!p.recovery) {
      diags.push(
        errorDiag(
          'Missing newline after block definition',
          'A block definition must end with a newline.',
          eol.range,
          rangeBetween(ident.range, eol.range),
        ),
      );
    }
    recoverAfterBodyItem(p);
  }

  if (body === undefined) {
    body = {
      kind: 'Body',
      items: [],
      attributes: [],
      blocks: [],
      range: rangeBetween(oBrace.range, cBraceRange),
      endRange: cBraceRange,
    };
  }
  return {
    kind: 'Block',
    type: ident.text,
    labels,
    body,
    range: rangeBetween(ident.range, cBraceRange),
    typeRange: ident.range,
    labelRanges,
    openBraceRange: oBrace.range,
    closeBraceRange: cBraceRange,
  };
}

/** After `a { b = 1`: the single-line block must close right here. */
function finishSingleLineBlock(p: Peeker, ident: Token, oBrace: Token): void {
  const diags = p.diags;
  const next = p.peek();
  switch (next.type) {
    case 'CBrace':
      p.read();
      break;
    case 'Comma':
      diags.push(
        errorDiag(
          'Invalid single-argument block definition',
          'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
          next.range,
        ),
      );
      recover(p, 'CBrace');
      break;
    case 'Newline':
      diags.push(
        errorDiag(
          'Invalid single-argument block definition',
          "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
          next.range,
        ),
      );
      recover(p, 'CBrace');
      break;
    default:
      if (!p.recovery) {
        if (next.type === 'EOF') {
          diags.push(
            errorDiag(
              'Unclosed configuration block',
              'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
              oBrace.range,
              rangeBetween(ident.range, oBrace.range),
            ),
          );
        } else {
          diags.push(
            errorDiag(
              'Invalid single-argument block definition',
              'A single-line block definition must end with a closing brace immediately after its single argument definition.',
              next.range,
            ),
          );
        }
      }
      recover(p, 'CBrace');
  }
}

function parseSingleAttrBody(p: Peeker): Body | undefined {
  const ident = p.read();
  if (ident.type !== 'Ident') {
    recoverAfterBodyItem(p);
    p.report(
      errorDiag(argumentOrBlockRequired, 'An argument or block definition is required here.', ident.range),
    );
    return undefined;
  }
  const next = p.peek();
  if (next.type === 'Equal') {
    const attr = finishParsingBodyAttribute(p, ident, true);
    return {
      kind: 'Body',
      items: [attr],
      attributes: [attr],
      blocks: [],
      range: attr.range,
      endRange: emptyRangeAt(attr.range),
    };
  }
  recoverAfterBodyItem(p);
  if (next.type === 'OQuote' || next.type === 'OBrace' || next.type === 'Ident') {
    p.report(
      errorDiag(
        'Argument definition required',
        `A single-line block definition can contain only a single argument. If you meant to define argument ${JSON.stringify(ident.text)}, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
        rangeBetween(ident.range, next.range),
      ),
    );
    return undefined;
  }
  p.report(
    errorDiag(
      argumentOrBlockRequired,
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      ident.range,
    ),
  );
  return undefined;
}
