import { type SyntaxExpression, expressionRange, unwrapExpression } from './body';
import { type Diagnostic, errorDiag } from './diagnostics';
import { jsonStartRange } from './json/ast';
import type { Pos, Range } from './pos';
import type { Expression, Traverser } from './syntax/ast';

/**
 * Static (unevaluated) readings of expressions, as hcl offers them for arguments whose meaning is
 * structural rather than a value: hcl.ExprList, hcl.AbsTraversalForExpr, hcl.ExprAsKeyword. In
 * JSON these are written as arrays and as strings holding a traversal.
 */

/** hcl.ExprList: the elements of a static list (`[a, b]` / a JSON array). */
export function exprList(e: SyntaxExpression): { exprs: SyntaxExpression[]; diagnostics: Diagnostic[] } {
  if (e.syntax === 'scoped') {
    // The elements stay in the scope the list was in, so that they still see its variables.
    const { scope } = e;
    const r = exprList(e.inner);
    return {
      exprs: r.exprs.map((inner) => ({ syntax: 'scoped', inner, scope })),
      diagnostics: r.diagnostics,
    };
  }
  if (e.syntax === 'json' || e.syntax === 'literal') {
    // hcl's JSON expression always claims to be a list, so a non-array is simply an empty one.
    if (e.value.kind !== 'array') return { exprs: [], diagnostics: [] };
    const syntax = e.syntax;
    return { exprs: e.value.elements.map((value) => ({ syntax, value })), diagnostics: [] };
  }
  if (e.expr.kind === 'TupleCons') {
    return { exprs: e.expr.exprs.map((expr) => ({ syntax: 'native', expr })), diagnostics: [] };
  }
  return {
    exprs: [],
    diagnostics: [
      errorDiag('Invalid expression', 'A static list expression is required.', staticStartRange(e)),
    ],
  };
}

const TRAVERSAL_REQUIRED =
  'A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.';

/** hcl.AbsTraversalForExpr: `var.a.b[0]`, or in JSON the string "var.a.b[0]". */
export function absTraversalForExpr(e: SyntaxExpression): {
  traversal?: readonly Traverser[];
  diagnostics: Diagnostic[];
} {
  let traversal: readonly Traverser[] | undefined;
  const inner = unwrapExpression(e);
  if (inner.syntax === 'native') {
    if (inner.expr.kind === 'ScopeTraversal') traversal = inner.expr.traversal;
  } else if (inner.value.kind === 'string') {
    traversal = parseTraversalString(inner.value.value, inner.value.range);
  }
  if (traversal) return { traversal, diagnostics: [] };
  return { diagnostics: [errorDiag('Invalid expression', TRAVERSAL_REQUIRED, expressionRange(e))] };
}

/** hcl.ExprAsKeyword: the bare name of a single-name traversal (`foo`), or undefined. */
export function exprAsKeyword(e: SyntaxExpression): string | undefined {
  const { traversal } = absTraversalForExpr(e);
  if (!traversal || traversal.length !== 1 || traversal[0].kind !== 'root') return undefined;
  return traversal[0].name;
}

/**
 * The string an expression denotes without evaluation: a quoted string with no interpolation in
 * native syntax, any JSON string (read literally, as hcl does with no evaluation context).
 */
export function literalString(e: SyntaxExpression): string | undefined {
  const inner = unwrapExpression(e);
  if (inner.syntax === 'json' || inner.syntax === 'literal') {
    return inner.value.kind === 'string' ? inner.value.value : undefined;
  }
  return nativeLiteralString(inner.expr);
}

function nativeLiteralString(expr: Expression): string | undefined {
  if (expr.kind === 'LiteralValue') return expr.value.type === 'string' ? expr.value.value : undefined;
  if (expr.kind === 'Template') {
    let s = '';
    for (const part of expr.parts) {
      if (part.kind !== 'LiteralValue' || part.value.type !== 'string') return undefined;
      s += part.value.value;
    }
    return s;
  }
  return undefined;
}

function staticStartRange(e: SyntaxExpression): Range {
  const inner = unwrapExpression(e);
  if (inner.syntax === 'json' || inner.syntax === 'literal') return jsonStartRange(inner.value);
  return inner.expr.range;
}

const IDENT = /^[\p{ID_Start}_][\p{ID_Continue}-]*/u;

/**
 * Parses a traversal written in a JSON string: a root name followed by `.name`, `[number]` or
 * `["string"]` steps, with no spaces around them. Positions assume no escapes in the string (as
 * hcl's JSON syntax does): they count from just after the opening quote.
 */
export function parseTraversalString(src: string, stringRange: Range): Traverser[] | undefined {
  const s = src.trim();
  const lead = src.length - src.trimStart().length;
  const base = stringRange.start;
  const at = (i: number): Pos => {
    const before = src.slice(0, lead + i);
    return {
      line: base.line,
      column: base.column + 1 + [...before].length,
      byte: base.byte + 1 + Buffer.byteLength(before, 'utf8'),
    };
  };
  const range = (from: number, to: number): Range => ({
    filename: stringRange.filename,
    start: at(from),
    end: at(to),
  });

  const root = IDENT.exec(s);
  if (!root) return undefined;
  const steps: Traverser[] = [{ kind: 'root', name: root[0], range: range(0, root[0].length) }];
  let i = root[0].length;
  while (i < s.length) {
    const start = i;
    if (s[i] === '.') {
      const m = IDENT.exec(s.slice(i + 1));
      if (m) {
        i += 1 + m[0].length;
        steps.push({ kind: 'attr', name: m[0], range: range(start, i) });
        continue;
      }
      const n = /^[0-9]+/.exec(s.slice(i + 1));
      if (!n) return undefined;
      i += 1 + n[0].length;
      steps.push({ kind: 'index', key: { type: 'number', value: n[0] }, range: range(start, i) });
      continue;
    }
    if (s[i] !== '[') return undefined;
    const rest = s.slice(i);
    const num = /^\[(-?[0-9]+)\]/.exec(rest);
    const str = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    if (num) {
      i += num[0].length;
      steps.push({ kind: 'index', key: { type: 'number', value: num[1] }, range: range(start, i) });
    } else if (str) {
      let key: string;
      try {
        key = JSON.parse(`"${str[1]}"`) as string;
      } catch {
        return undefined;
      }
      i += str[0].length;
      steps.push({ kind: 'index', key: { type: 'string', value: key }, range: range(start, i) });
    } else return undefined;
  }
  return steps;
}
