/**
 * The variables an expression refers to (hclsyntax.Variables): every absolute traversal in it,
 * except those rooted at names bound by an enclosing for-expression or template-for iterator.
 * Callers use this to order locals by dependency and to check references before evaluating.
 */
import type { Expression, ObjectConsKeyExpr, Traverser } from '../hcl/syntax/ast';
import { isStackOverflow } from '../text/stack-depth';

export function variablesIn(expr: Expression): Traverser[][] {
  const found: Traverser[][] = [];
  try {
    walk(expr, [], found);
  } catch (e) {
    // Too deep for the stack: evaluating it will say so, with its range (src/text/stack-depth.ts).
    if (!isStackOverflow(e)) throw e;
  }
  return found;
}

function walk(expr: Expression, scopes: readonly ReadonlySet<string>[], out: Traverser[][]): void {
  const w = (e: Expression): void => walk(e, scopes, out);
  switch (expr.kind) {
    case 'ScopeTraversal': {
      const root = expr.traversal[0];
      const name = root && root.kind === 'root' ? root.name : undefined;
      if (name !== undefined && !scopes.some((s) => s.has(name))) out.push([...expr.traversal]);
      return;
    }
    case 'Template':
      expr.parts.forEach(w);
      return;
    case 'TemplateWrap':
      return w(expr.wrapped);
    case 'TemplateIf':
      w(expr.condition);
      w(expr.trueTemplate);
      if (expr.falseTemplate) w(expr.falseTemplate);
      return;
    case 'TemplateFor': {
      w(expr.collection);
      walk(expr.body, [...scopes, iteratorNames(expr.keyVar, expr.valueVar)], out);
      return;
    }
    case 'RelativeTraversal':
      return w(expr.source);
    case 'FunctionCall':
      expr.args.forEach(w);
      return;
    case 'Conditional':
      w(expr.condition);
      w(expr.trueResult);
      w(expr.falseResult);
      return;
    case 'BinaryOp':
      w(expr.lhs);
      w(expr.rhs);
      return;
    case 'UnaryOp':
      return w(expr.operand);
    case 'TupleCons':
      expr.exprs.forEach(w);
      return;
    case 'ObjectCons':
      for (const item of expr.items) {
        w(item.key);
        w(item.value);
      }
      return;
    case 'ObjectConsKey':
      // A bare name key is a literal string, not a reference.
      if (!isLiteralKey(expr)) w(expr.wrapped);
      return;
    case 'For': {
      w(expr.collection);
      const inner = [...scopes, iteratorNames(expr.keyVar, expr.valueVar)];
      if (expr.keyExpr) walk(expr.keyExpr, inner, out);
      walk(expr.valueExpr, inner, out);
      if (expr.condition) walk(expr.condition, inner, out);
      return;
    }
    case 'Index':
      w(expr.collection);
      w(expr.key);
      return;
    case 'Splat':
      // `each` refers to elements only through the anonymous symbol, which is not a variable.
      w(expr.source);
      w(expr.each);
      return;
    case 'Parentheses':
      return w(expr.expr);
    case 'LiteralValue':
    case 'AnonSymbol':
    case 'Invalid':
      return;
  }
}

function iteratorNames(keyVar: string | undefined, valueVar: string): ReadonlySet<string> {
  return new Set(keyVar !== undefined ? [keyVar, valueVar] : [valueVar]);
}

function isLiteralKey(key: ObjectConsKeyExpr): boolean {
  if (key.forceNonLiteral) return false;
  const w = key.wrapped;
  if (w.kind === 'ScopeTraversal') return w.traversal.length === 1;
  return w.kind === 'LiteralValue' && (w.value.type === 'null' || w.value.type === 'bool');
}
