import type { Diagnostic } from '../diagnostics';
import { errorDiag } from '../diagnostics';
import type { Range } from '../pos';
import { formatRange, rangeBetween } from '../pos';
import type { Expression, TemplateExpr } from './ast';
import { invalidExpr, parseExpression } from './parser-expression';
import type { Peeker } from './peeker';
import { recover } from './peeker';
import { unescapeLiteral } from './string-literal';
import type { TokenType } from './token';

/**
 * Template parsing happens in two passes, as in hclsyntax: first the token stream is turned into a
 * flat list of "parts" (literals, interpolations, directive openers and closers) with strip
 * markers and heredoc indentation applied; then the directives are nested into TemplateIf and
 * TemplateFor expressions.
 */

type Part =
  | { kind: 'lit'; value: string; range: Range }
  | { kind: 'interp'; expr: Expression; range: Range }
  | { kind: 'if'; condition: Expression; range: Range }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expression; range: Range }
  | { kind: 'endctrl'; which: 'else' | 'endif' | 'endfor'; range: Range }
  | { kind: 'end'; range: Range };

export interface TemplateInner {
  readonly parts: Expression[];
  /** True when the template is exactly one interpolation: it becomes a TemplateWrapExpr. */
  readonly passthru: boolean;
  readonly range: Range;
}

/** Parses a template's parts up to the `end` token; diagnostics go to the peeker's sink. */
export function parseTemplateInner(p: Peeker, end: TokenType, flushHeredoc: boolean): TemplateInner {
  const { parts, range } = parseTemplateParts(p, end);
  if (flushHeredoc) flushHeredocParts(parts);
  meldLiterals(parts);
  const tp = new TemplateNester(parts);
  const exprs = tp.parseRoot(p.diags);
  const passthru = parts.length === 2 && parts[0].kind === 'interp';
  return { parts: exprs, passthru, range };
}

function trimLeftSpace(s: string): string {
  return s.replace(/^\s+/u, '');
}

function trimRightSpace(s: string): string {
  return s.replace(/\s+$/u, '');
}

function parseTemplateParts(p: Peeker, end: TokenType): { parts: Part[]; range: Range } {
  const parts: Part[] = [];
  const diags = p.diags;
  const startRange = p.nextRange();
  let endRange: Range;
  let ltrimNext = false;
  let nextCanTrimPrev = false;

  const trimPrev = (opener: string): void => {
    const prev = parts[parts.length - 1];
    if (opener.length === 3 && prev !== undefined && prev.kind === 'lit') {
      prev.value = trimRightSpace(prev.value);
    }
  };

  for (;;) {
    const next = p.read();
    if (next.type === end) {
      endRange = next.range;
      break;
    }
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = nextCanTrimPrev;
    nextCanTrimPrev = false;

    if (next.type === 'StringLit' || next.type === 'QuotedLit') {
      const value = unescapeLiteral(next, diags);
      parts.push({ kind: 'lit', value: ltrim ? trimLeftSpace(value) : value, range: next.range });
      nextCanTrimPrev = true;
      continue;
    }

    if (next.type === 'TemplateInterp') {
      if (canTrimPrev) trimPrev(next.text);
      p.pushIncludeNewlines(false);
      const expr = parseExpression(p);
      const close = p.peek();
      if (close.type !== 'TemplateSeqEnd') {
        if (!p.recovery) diags.push(interpCloseDiag(close.type, close.range, startRange, end));
        recover(p, 'TemplateSeqEnd');
      } else {
        p.read();
        if (close.text === '~}') ltrimNext = true;
      }
      p.popIncludeNewlines();
      parts.push({ kind: 'interp', expr, range: rangeBetween(next.range, close.range) });
      continue;
    }

    if (next.type === 'TemplateControl') {
      if (canTrimPrev) trimPrev(next.text);
      p.pushIncludeNewlines(false);
      const ok = parseDirective(p, next.range, parts, diags);
      if (ok) {
        const close = p.peek();
        if (close.type !== 'TemplateSeqEnd') {
          if (!p.recovery) {
            diags.push(
              errorDiag(
                `Extra characters in ${ok} marker`,
                'Expected a closing brace to end the sequence, but found extra characters.',
                close.range,
                rangeBetween(startRange, close.range),
              ),
            );
          }
          recover(p, 'TemplateSeqEnd');
        } else {
          p.read();
          if (close.text === '~}') ltrimNext = true;
        }
      } else {
        recover(p, 'TemplateSeqEnd');
      }
      p.popIncludeNewlines();
      continue;
    }

    if (!p.recovery) {
      diags.push(
        errorDiag(
          'Unterminated template string',
          'No closing marker was found for the string.',
          next.range,
          rangeBetween(startRange, next.range),
        ),
      );
    }
    // The bad token may itself be the closer (e.g. EOF); only search further if it is not.
    const final = next.type === 'EOF' ? next : recover(p, end);
    endRange = final.range;
    break;
  }

  if (parts.length === 0) {
    parts.push({
      kind: 'lit',
      value: '',
      range: { filename: startRange.filename, start: startRange.start, end: startRange.start },
    });
  }
  parts.push({ kind: 'end', range: endRange });
  return { parts, range: rangeBetween(startRange, endRange) };
}

function interpCloseDiag(type: TokenType, at: Range, startRange: Range, end: TokenType): Diagnostic {
  if (type === 'EOF') {
    return errorDiag(
      'Unclosed template interpolation sequence',
      'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.',
      startRange,
    );
  }
  if (type === 'Colon') {
    return errorDiag(
      'Extra characters after interpolation expression',
      'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
      at,
      rangeBetween(startRange, at),
    );
  }
  if ((type === 'CQuote' || type === 'OQuote') && end === 'CQuote') {
    return errorDiag(
      'Unclosed template interpolation sequence',
      'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.',
      startRange,
    );
  }
  return errorDiag(
    'Extra characters after interpolation expression',
    'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
    at,
    rangeBetween(startRange, at),
  );
}

const directiveKeywords = ['if', 'for', 'else', 'endif', 'endfor'];

/**
 * Parses the inside of a `%{ ... }` directive up to (not including) its closing brace, pushing a
 * part. Returns the keyword on success, or undefined when the caller must recover.
 */
function parseDirective(p: Peeker, openRange: Range, parts: Part[], diags: Diagnostic[]): string | undefined {
  const kw = p.peek();
  if (kw.type !== 'Ident') {
    if (!p.recovery) {
      diags.push(
        errorDiag(
          'Invalid template directive',
          'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
          kw.range,
          rangeBetween(openRange, kw.range),
        ),
      );
    }
    return undefined;
  }
  p.read();
  const upToNext = (): Range => rangeBetween(openRange, p.nextRange());
  switch (kw.text) {
    case 'if': {
      const condition = parseExpression(p);
      parts.push({ kind: 'if', condition, range: upToNext() });
      return kw.text;
    }
    case 'else':
    case 'endif':
    case 'endfor':
      parts.push({ kind: 'endctrl', which: kw.text, range: upToNext() });
      return kw.text;
    case 'for': {
      const fail = (detail: string): undefined => {
        if (!p.recovery) diags.push(errorDiag("Invalid 'for' directive", detail, p.nextRange()));
        return undefined;
      };
      if (p.peekType() !== 'Ident') return fail("For directive requires variable name after 'for'.");
      let valueVar = p.read().text;
      let keyVar: string | undefined;
      if (p.peekType() === 'Comma') {
        keyVar = valueVar;
        p.read();
        if (p.peekType() !== 'Ident') return fail('For directive requires value variable name after comma.');
        valueVar = p.read().text;
      }
      const inTok = p.peek();
      if (inTok.type !== 'Ident' || inTok.text !== 'in')
        return fail("For directive requires 'in' keyword after names.");
      p.read();
      const collection = parseExpression(p);
      parts.push({ kind: 'for', keyVar, valueVar, collection, range: upToNext() });
      return kw.text;
    }
    default: {
      if (!p.recovery) {
        const suggestion = suggest(kw.text, directiveKeywords);
        diags.push(
          errorDiag(
            'Invalid template control keyword',
            `${JSON.stringify(kw.text)} is not a valid template control keyword.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ''}`,
            kw.range,
            rangeBetween(openRange, kw.range),
          ),
        );
      }
      return undefined;
    }
  }
}

/** The closest candidate within edit distance 2, as HCL's name suggestions do. */
function suggest(given: string, candidates: readonly string[]): string | undefined {
  for (const c of candidates) {
    if (levenshtein(given, c) < 3) return c;
  }
  return undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * `<<-` heredocs: removes the indentation common to every line that has content. Lines that are
 * blank are ignored; a line starting with an interpolation has no indentation.
 */
function flushHeredocParts(parts: Part[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust: Extract<Part, { kind: 'lit' }>[] = [];
  for (const part of parts) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (part.kind === 'lit') {
        const trimmed = trimLeftSpace(part.value);
        if (trimmed.length === 0 && part.value.endsWith('\n')) {
          spaces = Number.MAX_SAFE_INTEGER;
        } else {
          spaces = Array.from(part.value.slice(0, part.value.length - trimmed.length)).length;
          adjust.push(part);
        }
      } else if (part.kind === 'end') {
        break;
      }
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (part.kind === 'lit' && part.value.endsWith('\n')) newline = true;
  }
  if (minSpaces === Number.MAX_SAFE_INTEGER) return;
  for (const lit of adjust) {
    const chars = Array.from(lit.value);
    const removed = chars.slice(0, minSpaces).join('');
    lit.value = lit.value.slice(removed.length);
    const start = lit.range.start;
    lit.range = {
      filename: lit.range.filename,
      start: {
        line: start.line,
        column: start.column + minSpaces,
        byte: start.byte + Buffer.byteLength(removed),
      },
      end: lit.range.end,
    };
  }
}

function meldLiterals(parts: Part[]): void {
  let w = 0;
  for (let r = 0; r < parts.length; r++) {
    const cur = parts[r];
    const prev = w > 0 ? parts[w - 1] : undefined;
    if (prev !== undefined && prev.kind === 'lit' && cur.kind === 'lit') {
      prev.value += cur.value;
      prev.range = { filename: prev.range.filename, start: prev.range.start, end: cur.range.end };
      continue;
    }
    parts[w++] = cur;
  }
  parts.length = w;
}

/** Second pass: nests if/for directives into expressions. */
class TemplateNester {
  private pos = 0;
  constructor(private readonly parts: readonly Part[]) {}

  private peek(): Part {
    return this.parts[this.pos];
  }

  private read(): Part {
    const part = this.parts[this.pos];
    if (part.kind !== 'end') this.pos++;
    return part;
  }

  parseRoot(diags: Diagnostic[]): Expression[] {
    const exprs: Expression[] = [];
    while (this.peek().kind !== 'end') exprs.push(this.parseExpr(diags));
    return exprs;
  }

  private parseExpr(diags: Diagnostic[]): Expression {
    const part = this.peek();
    switch (part.kind) {
      case 'lit':
        this.read();
        return { kind: 'LiteralValue', value: { type: 'string', value: part.value }, range: part.range };
      case 'interp':
        this.read();
        return part.expr;
      case 'if':
        return this.parseIf(part, diags);
      case 'for':
        return this.parseFor(part, diags);
      case 'endctrl':
        this.read();
        diags.push(
          errorDiag(
            `Unexpected ${part.which} directive`,
            'The control directives within this template are unbalanced.',
            part.range,
          ),
        );
        return invalidExpr(part.range);
      case 'end':
        this.read();
        diags.push(
          errorDiag(
            'Unexpected end of template',
            'The control directives within this template are unbalanced.',
            part.range,
          ),
        );
        return invalidExpr(part.range);
    }
  }

  private parseIf(openIf: Extract<Part, { kind: 'if' }>, diags: Diagnostic[]): Expression {
    this.read();
    const ifExprs: Expression[] = [];
    let elseExprs: Expression[] | undefined;
    let current = ifExprs;
    let endifRange: Range;
    for (;;) {
      const next = this.peek();
      if (next.kind === 'end') {
        diags.push(
          errorDiag(
            'Unexpected end of template',
            `The if directive at ${formatRange(openIf.range)} is missing its corresponding endif directive.`,
            next.range,
          ),
        );
        return invalidExpr(next.range);
      }
      if (next.kind === 'endctrl') {
        this.read();
        if (next.which === 'else' && elseExprs === undefined) {
          elseExprs = [];
          current = elseExprs;
          continue;
        }
        if (next.which === 'endif') {
          endifRange = next.range;
          break;
        }
        if (next.which === 'else') {
          diags.push(
            errorDiag(
              'Unexpected else directive',
              `Already in the else clause for the if started at ${formatRange(openIf.range)}.`,
              next.range,
            ),
          );
        } else {
          diags.push(
            errorDiag(
              `Unexpected ${next.which} directive`,
              `Expecting an endif directive for the if started at ${formatRange(openIf.range)}.`,
              next.range,
            ),
          );
        }
        return invalidExpr(next.range);
      }
      current.push(this.parseExpr(diags));
    }
    const trueTemplate = wrapParts(ifExprs, emptyAt(openIf.range.filename, openIf.range.end));
    const falseTemplate =
      elseExprs === undefined
        ? undefined
        : wrapParts(elseExprs, emptyAt(endifRange.filename, endifRange.start));
    return {
      kind: 'TemplateIf',
      condition: openIf.condition,
      trueTemplate,
      falseTemplate,
      range: rangeBetween(openIf.range, endifRange),
    };
  }

  private parseFor(openFor: Extract<Part, { kind: 'for' }>, diags: Diagnostic[]): Expression {
    this.read();
    const content: Expression[] = [];
    let endforRange: Range;
    for (;;) {
      const next = this.peek();
      if (next.kind === 'end') {
        diags.push(
          errorDiag(
            'Unexpected end of template',
            `The for directive at ${formatRange(openFor.range)} is missing its corresponding endfor directive.`,
            next.range,
          ),
        );
        return invalidExpr(next.range);
      }
      if (next.kind === 'endctrl') {
        this.read();
        if (next.which === 'endfor') {
          endforRange = next.range;
          break;
        }
        if (next.which === 'else') {
          diags.push(
            errorDiag(
              'Unexpected else directive',
              'An else clause is not expected for a for directive.',
              next.range,
            ),
          );
        } else {
          diags.push(
            errorDiag(
              `Unexpected ${next.which} directive`,
              `Expecting an endfor directive corresponding to the for directive at ${formatRange(openFor.range)}.`,
              next.range,
            ),
          );
        }
        return invalidExpr(next.range);
      }
      content.push(this.parseExpr(diags));
    }
    return {
      kind: 'TemplateFor',
      keyVar: openFor.keyVar,
      valueVar: openFor.valueVar,
      collection: openFor.collection,
      body: wrapParts(content, emptyAt(openFor.range.filename, openFor.range.end)),
      range: rangeBetween(openFor.range, endforRange),
    };
  }
}

function emptyAt(filename: string, at: Range['start']): Expression {
  return {
    kind: 'LiteralValue',
    value: { type: 'string', value: '' },
    range: { filename, start: at, end: at },
  };
}

function wrapParts(exprs: Expression[], empty: Expression): TemplateExpr {
  const parts = exprs.length === 0 ? [empty] : exprs;
  return {
    kind: 'Template',
    parts,
    heredoc: false,
    range: rangeBetween(parts[0].range, parts[parts.length - 1].range),
  };
}
