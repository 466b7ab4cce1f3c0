import type { Range } from '../pos';

/**
 * The HCL native syntax tree. Every node carries `range` (the whole node); some carry narrower
 * ranges for precise diagnostics. Nodes are plain data: evaluation lives in src/eval, formatting in
 * src/hcl/format (which works from tokens, not from this tree).
 */

export interface Body {
  readonly kind: 'Body';
  /** Attributes and blocks in source order. */
  readonly items: readonly (Attribute | Block)[];
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
  readonly range: Range;
  /** Where a missing item would be reported: the closing brace of a block body, or EOF for a file. */
  readonly endRange: Range;
}

export interface Attribute {
  readonly kind: 'Attribute';
  readonly name: string;
  readonly expr: Expression;
  readonly range: Range;
  readonly nameRange: Range;
  readonly equalsRange: Range;
}

export interface Block {
  readonly kind: 'Block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly range: Range;
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
  readonly openBraceRange: Range;
  readonly closeBraceRange: Range;
}

/** A constant appearing in the source. Numbers keep their decimal text so no precision is lost. */
export type LiteralValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'null' };

export type Expression =
  | LiteralValueExpr
  | TemplateExpr
  | TemplateWrapExpr
  | TemplateIfExpr
  | TemplateForExpr
  | ScopeTraversalExpr
  | RelativeTraversalExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | TupleConsExpr
  | ObjectConsExpr
  | ObjectConsKeyExpr
  | ForExpr
  | IndexExpr
  | SplatExpr
  | AnonSymbolExpr
  | ParenthesesExpr
  | InvalidExpr;

export interface LiteralValueExpr {
  readonly kind: 'LiteralValue';
  readonly value: LiteralValue;
  readonly range: Range;
}

/**
 * A quoted string or heredoc. Parts are string LiteralValueExprs (escapes already processed, strip
 * markers already applied), interpolated expressions, TemplateIf and TemplateFor directives.
 */
export interface TemplateExpr {
  readonly kind: 'Template';
  readonly parts: readonly Expression[];
  readonly heredoc: boolean;
  readonly range: Range;
}

/** A template consisting of a single interpolation, `"${x}"`: evaluates to x's value unchanged. */
export interface TemplateWrapExpr {
  readonly kind: 'TemplateWrap';
  readonly wrapped: Expression;
  readonly range: Range;
}

/** `%{ if cond }...%{ else }...%{ endif }` */
export interface TemplateIfExpr {
  readonly kind: 'TemplateIf';
  readonly condition: Expression;
  readonly trueTemplate: TemplateExpr;
  readonly falseTemplate?: TemplateExpr;
  readonly range: Range;
}

/** `%{ for k, v in coll }...%{ endfor }` */
export interface TemplateForExpr {
  readonly kind: 'TemplateFor';
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  readonly body: TemplateExpr;
  readonly range: Range;
}

export type Traverser =
  | { readonly kind: 'root'; readonly name: string; readonly range: Range }
  | { readonly kind: 'attr'; readonly name: string; readonly range: Range }
  /** `[0]`, `["k"]` with a literal key, or the legacy `.0` form. */
  | { readonly kind: 'index'; readonly key: LiteralValue; readonly range: Range };

/** `var.x.y[0]`: starts with a root name; the first traverser always has kind 'root'. */
export interface ScopeTraversalExpr {
  readonly kind: 'ScopeTraversal';
  readonly traversal: readonly Traverser[];
  readonly range: Range;
}

/** `f(x).y[0]`: attribute/index steps with literal keys applied to an arbitrary expression. */
export interface RelativeTraversalExpr {
  readonly kind: 'RelativeTraversal';
  readonly source: Expression;
  readonly traversal: readonly Traverser[];
  readonly range: Range;
}

export interface FunctionCallExpr {
  readonly kind: 'FunctionCall';
  readonly name: string;
  readonly args: readonly Expression[];
  /** True when the last argument is followed by `...`. */
  readonly expandFinal: boolean;
  readonly range: Range;
  readonly nameRange: Range;
  readonly openParenRange: Range;
  readonly closeParenRange: Range;
}

export interface ConditionalExpr {
  readonly kind: 'Conditional';
  readonly condition: Expression;
  readonly trueResult: Expression;
  readonly falseResult: Expression;
  readonly range: Range;
}

export type BinaryOperator =
  '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryOpExpr {
  readonly kind: 'BinaryOp';
  readonly op: BinaryOperator;
  readonly lhs: Expression;
  readonly rhs: Expression;
  readonly range: Range;
  readonly opRange: Range;
}

export interface UnaryOpExpr {
  readonly kind: 'UnaryOp';
  readonly op: '-' | '!';
  readonly operand: Expression;
  readonly range: Range;
  readonly opRange: Range;
}

export interface TupleConsExpr {
  readonly kind: 'TupleCons';
  readonly exprs: readonly Expression[];
  readonly range: Range;
  readonly openRange: Range;
}

export interface ObjectConsItem {
  readonly key: ObjectConsKeyExpr;
  readonly value: Expression;
}

export interface ObjectConsExpr {
  readonly kind: 'ObjectCons';
  readonly items: readonly ObjectConsItem[];
  readonly range: Range;
  readonly openRange: Range;
}

/**
 * An object constructor key. A bare identifier key (`foo = 1`) is the string "foo", unless it is
 * parenthesised (`(foo) = 1`), in which case `forceNonLiteral` is true and it is evaluated.
 */
export interface ObjectConsKeyExpr {
  readonly kind: 'ObjectConsKey';
  readonly wrapped: Expression;
  readonly forceNonLiteral: boolean;
  readonly range: Range;
}

/** `[for k, v in coll : v if cond]` or `{for k, v in coll : k => v... if cond}` */
export interface ForExpr {
  readonly kind: 'For';
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  /** Present only for object `for` expressions. */
  readonly keyExpr?: Expression;
  readonly valueExpr: Expression;
  readonly condition?: Expression;
  /** The `...` grouping marker (object form only). */
  readonly group: boolean;
  readonly range: Range;
  readonly openRange: Range;
  readonly closeRange: Range;
}

/** `coll[key]` where key is not a literal (literal keys become traversal steps). */
export interface IndexExpr {
  readonly kind: 'Index';
  readonly collection: Expression;
  readonly key: Expression;
  readonly range: Range;
  readonly bracketRange: Range;
}

/**
 * `source[*].a.b` or `source.*.a.b`: `each` is evaluated once per element with `item` (an
 * AnonSymbolExpr) bound to the element.
 */
export interface SplatExpr {
  readonly kind: 'Splat';
  readonly source: Expression;
  readonly each: Expression;
  readonly item: AnonSymbolExpr;
  /** True for the legacy attribute-only splat `.*`. */
  readonly legacy: boolean;
  readonly range: Range;
  readonly markerRange: Range;
}

export interface AnonSymbolExpr {
  readonly kind: 'AnonSymbol';
  readonly range: Range;
}

export interface ParenthesesExpr {
  readonly kind: 'Parentheses';
  readonly expr: Expression;
  readonly range: Range;
}

/** A placeholder the parser inserts where it recovered from a syntax error. Evaluates to unknown. */
export interface InvalidExpr {
  readonly kind: 'Invalid';
  readonly range: Range;
}
