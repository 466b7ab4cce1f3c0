/**
 * Compact builders for hand-made expression trees (single-line sources; columns = byte + 1), so
 * the evaluator can be tested without the parser.
 */
import type { Range } from '../../src/hcl/pos';
import type {
  AnonSymbolExpr,
  BinaryOperator,
  Expression,
  ForExpr,
  FunctionCallExpr,
  ObjectConsKeyExpr,
  TemplateExpr,
  Traverser,
} from '../../src/hcl/syntax/ast';

export function rng(start: number, end: number): Range {
  return {
    filename: 't.hcl',
    start: { line: 1, column: start + 1, byte: start },
    end: { line: 1, column: end + 1, byte: end },
  };
}
const R0 = rng(0, 0);

export const num = (v: string | number, range: Range = R0): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'number', value: String(v) },
  range,
});
export const str = (v: string, range: Range = R0): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'string', value: v },
  range,
});
export const bool = (v: boolean, range: Range = R0): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'bool', value: v },
  range,
});
export const nul = (range: Range = R0): Expression => ({
  kind: 'LiteralValue',
  value: { type: 'null' },
  range,
});

export function tpl(parts: Expression[], range: Range = R0): TemplateExpr {
  return { kind: 'Template', parts, heredoc: false, range };
}

/** `a.b[0]`: names become attr steps, numbers index steps. */
export function ref(root: string, ...steps: (string | number)[]): Expression {
  return { kind: 'ScopeTraversal', traversal: trav(root, steps), range: R0 };
}
export function refAt(range: Range, root: string, ...steps: (string | number)[]): Expression {
  return { kind: 'ScopeTraversal', traversal: trav(root, steps, range), range };
}
function trav(root: string, steps: (string | number)[], range: Range = R0): Traverser[] {
  return [
    { kind: 'root', name: root, range },
    ...steps.map((s): Traverser =>
      typeof s === 'number'
        ? { kind: 'index', key: { type: 'number', value: String(s) }, range }
        : { kind: 'attr', name: s, range },
    ),
  ];
}
export function rel(source: Expression, ...steps: (string | number)[]): Expression {
  return { kind: 'RelativeTraversal', source, traversal: trav('x', steps).slice(1), range: source.range };
}

export function bin(lhs: Expression, op: BinaryOperator, rhs: Expression, range: Range = R0): Expression {
  return { kind: 'BinaryOp', op, lhs, rhs, range, opRange: R0 };
}
export function un(op: '-' | '!', operand: Expression, range: Range = R0): Expression {
  return { kind: 'UnaryOp', op, operand, range, opRange: R0 };
}
export function cond(c: Expression, t: Expression, f: Expression, range: Range = R0): Expression {
  return { kind: 'Conditional', condition: c, trueResult: t, falseResult: f, range };
}
export function tuple(...exprs: Expression[]): Expression {
  return { kind: 'TupleCons', exprs, range: R0, openRange: R0 };
}
export function key(k: string | Expression, forceNonLiteral = false): ObjectConsKeyExpr {
  const wrapped = typeof k === 'string' ? ref(k) : k;
  return { kind: 'ObjectConsKey', wrapped, forceNonLiteral, range: wrapped.range };
}
export function obj(...items: [string | Expression, Expression][]): Expression {
  return {
    kind: 'ObjectCons',
    items: items.map(([k, v]) => ({ key: key(k), value: v })),
    range: R0,
    openRange: R0,
  };
}
export function call(
  name: string,
  args: Expression[],
  opts: { expand?: boolean; range?: Range; nameRange?: Range } = {},
): FunctionCallExpr {
  const range = opts.range ?? R0;
  return {
    kind: 'FunctionCall',
    name,
    args,
    expandFinal: opts.expand ?? false,
    range,
    nameRange: opts.nameRange ?? range,
    openParenRange: opts.nameRange ?? range,
    closeParenRange: rng(range.end.byte - 1, range.end.byte),
  };
}
export function forExpr(
  f: Partial<ForExpr> & Pick<ForExpr, 'valueVar' | 'collection' | 'valueExpr'>,
): Expression {
  return { kind: 'For', group: false, range: R0, openRange: R0, closeRange: R0, ...f };
}
export function idx(collection: Expression, k: Expression, bracketRange: Range = R0): Expression {
  return { kind: 'Index', collection, key: k, range: R0, bracketRange };
}
/** `source[*].steps...` */
export function splat(source: Expression, ...steps: (string | number)[]): Expression {
  const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: R0 };
  const each: Expression = steps.length
    ? { kind: 'RelativeTraversal', source: item, traversal: trav('x', steps).slice(1), range: R0 }
    : item;
  return { kind: 'Splat', source, each, item, legacy: false, range: R0, markerRange: R0 };
}
