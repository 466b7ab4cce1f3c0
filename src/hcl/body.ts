import type { Diagnostics } from './diagnostics';
import type { JsonValue } from './json/ast';
import type { Range } from './pos';
import type { Expression } from './syntax/ast';

/**
 * The syntax-neutral configuration model (hcl's Body/BodyContent/Attribute/Block). Both the native
 * syntax and the JSON syntax implement HclBody, so a decoder driven by a BodySchema never needs to
 * know which syntax a file was written in.
 */

export interface AttributeSchema {
  readonly name: string;
  readonly required?: boolean;
}

export interface BlockHeaderSchema {
  readonly type: string;
  readonly labelNames: readonly string[];
}

export interface BodySchema {
  readonly attributes: readonly AttributeSchema[];
  readonly blocks: readonly BlockHeaderSchema[];
}

/**
 * An unevaluated expression from either syntax. A discriminated union rather than an interface so
 * that this layer stays free of evaluation: src/eval dispatches on `syntax`.
 */
export type SyntaxExpression =
  | { readonly syntax: 'native'; readonly expr: Expression }
  | { readonly syntax: 'json'; readonly value: JsonValue }
  /**
   * A value from a legacy JSON template: plain JSON whose strings are never HCL templates (`${` is
   * literal text there), already rendered with Packer's Go templates when the template was loaded.
   */
  | { readonly syntax: 'literal'; readonly value: JsonValue }
  /**
   * An expression to evaluate with extra variables in scope: hcl's dynblock wraps the arguments of
   * every block it generates so that they see the iterator (`tag.key`, `tag.value`). src/eval creates
   * and reads the scope; here it is opaque.
   */
  | { readonly syntax: 'scoped'; readonly inner: SyntaxExpression; readonly scope: ExpressionScope };

/** Variables bound around a 'scoped' expression, as src/eval defines them. */
export interface ExpressionScope {
  /** Root names the scope provides, so that references to them need nothing from outside. */
  readonly boundNames: readonly string[];
}

/** The expression as written, without the scopes wrapped around it (hcl.UnwrapExpression). */
export function unwrapExpression(
  e: SyntaxExpression,
): Exclude<SyntaxExpression, { readonly syntax: 'scoped' }> {
  let inner = e;
  while (inner.syntax === 'scoped') inner = inner.inner;
  return inner;
}

export function expressionRange(e: SyntaxExpression): Range {
  const inner = unwrapExpression(e);
  return inner.syntax === 'native' ? inner.expr.range : inner.value.range;
}

export interface HclAttribute {
  readonly name: string;
  readonly expr: SyntaxExpression;
  /** Name through value. */
  readonly range: Range;
  readonly nameRange: Range;
}

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
  /** The block's definition range (hcl's DefRange): the header in native syntax, the opening brace or bracket in JSON. */
  readonly range: Range;
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
}

export interface BodyContent {
  readonly attributes: Map<string, HclAttribute>;
  readonly blocks: HclBlock[];
  readonly missingItemRange: Range;
}

export interface HclBody {
  /** Decodes the body by schema; anything the schema does not mention is an error. */
  content(schema: BodySchema): { content: BodyContent; diagnostics: Diagnostics };
  /** Decodes what the schema mentions and returns the rest as another body (without errors for it). */
  partialContent(schema: BodySchema): { content: BodyContent; remain: HclBody; diagnostics: Diagnostics };
  /** Interprets the body as a flat set of attributes (e.g. `locals`, variable value files). */
  justAttributes(): { attributes: Map<string, HclAttribute>; diagnostics: Diagnostics };
  /** Where to report something that should have been in this body but is not. */
  missingItemRange(): Range;
}

export { mergeBodies, emptyBody } from './merge';
