import type { BodySchema, HclAttribute, HclBlock, SyntaxExpression } from '../hcl/body';
import { expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { type TypeDefaults, applyDefaults } from '../values/typeexpr';
import { DynamicType, EmptyObjectType, EmptyTupleType, type Type, typeEquals } from '../values/types';
import { SENSITIVE, Value } from '../values/value';
import { BAD_IDENTIFIER_DETAIL, decodeBool, decodeString, typeConstraintOf, validIdentifier } from './decode';
import { type VariableValidation, decodeValidationBlock } from './variable-validation';

/**
 * Input variables: `variable "name" { ... }` blocks and the older `variables { name = default }`
 * form, decoded as Packer's hcl2template does. A variable collects assignments from every source
 * (default, environment, variable files, command line); the last one wins.
 */

/** Where a value came from, in Packer's words (they appear in "Invalid value for <from> variable"). */
export type AssignmentSource = 'default' | 'env' | 'varfile' | 'cmd';

export interface VariableAssignment {
  readonly from: AssignmentSource;
  readonly value: Value;
  /** The expression that produced the value, for diagnostics. */
  readonly range?: Range;
}

export interface InputVariable {
  readonly name: string;
  /** The type constraint; DynamicType for `any` (or none), narrowed to a default's type as Packer does. */
  type: Type;
  readonly typeDefaults?: TypeDefaults;
  readonly description: string;
  readonly sensitive: boolean;
  /** The block's definition range (or the attribute's, for the `variables {}` form). */
  readonly range: Range;
  readonly values: VariableAssignment[];
  readonly validations: readonly VariableValidation[];
}

export type InputVariables = Map<string, InputVariable>;

const variableBlockSchema: BodySchema = {
  attributes: [{ name: 'description' }, { name: 'default' }, { name: 'type' }, { name: 'sensitive' }],
  blocks: [{ type: 'validation', labelNames: [] }],
};

/**
 * Decodes the `variable` and `variables` blocks among a template's top-level blocks into `into`.
 * `defaultsContext` is what defaults may use: Packer allows only the env() function there.
 */
export function decodeInputVariables(
  blocks: readonly HclBlock[],
  defaultsContext: EvalContext,
  into: InputVariables,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const block of blocks) {
    if (block.type === 'variable') diagnostics.push(...decodeVariableBlock(block, defaultsContext, into));
    else if (block.type === 'variables') {
      const { attributes, diagnostics: d } = block.body.justAttributes();
      diagnostics.push(...d);
      for (const attr of attributes.values())
        diagnostics.push(...decodeVariableAttribute(attr, defaultsContext, into));
    }
  }
  return diagnostics;
}

function duplicate(name: string, subject: Range): Diagnostic {
  return errorDiag('Duplicate variable', `Duplicate ${name} variable definition found.`, subject);
}

/** `variables { name = default }`: the default's type becomes the variable's type. */
function decodeVariableAttribute(attr: HclAttribute, ctx: EvalContext, into: InputVariables): Diagnostic[] {
  if (into.has(attr.name)) return [duplicate(attr.name, attr.nameRange)];
  const r = evaluateSyntaxExpression(attr.expr, ctx);
  if (hasErrors(r.diagnostics)) return r.diagnostics;
  into.set(attr.name, {
    name: attr.name,
    type: r.value.type,
    description: '',
    sensitive: false,
    range: attr.range,
    values: [{ from: 'default', value: r.value, range: expressionRange(attr.expr) }],
    validations: [],
  });
  return r.diagnostics;
}

function decodeVariableBlock(block: HclBlock, ctx: EvalContext, into: InputVariables): Diagnostic[] {
  const name = block.labels[0];
  if (into.has(name)) return [duplicate(name, block.range)];
  const { content, diagnostics } = block.body.content(variableBlockSchema);
  if (!validIdentifier(name)) {
    diagnostics.push(errorDiag('Invalid variable name', BAD_IDENTIFIER_DETAIL, block.labelRanges[0]));
  }
  const attr = (n: string): SyntaxExpression | undefined => content.attributes.get(n)?.expr;

  let description = '';
  const descExpr = attr('description');
  if (descExpr) {
    const d = decodeString(descExpr);
    diagnostics.push(...d.diagnostics);
    description = d.value ?? '';
  }

  let type: Type = DynamicType;
  let typeDefaults: TypeDefaults | undefined;
  const typeExpr = attr('type');
  if (typeExpr) {
    const t = typeConstraintOf(typeExpr);
    diagnostics.push(...t.diagnostics);
    // Packer drops the whole variable when its type cannot be read.
    if (hasErrors(t.diagnostics)) return diagnostics;
    type = t.type;
    typeDefaults = t.defaults;
  }

  let sensitive = false;
  const sensitiveExpr = attr('sensitive');
  if (sensitiveExpr) {
    const s = decodeBool(sensitiveExpr);
    diagnostics.push(...s.diagnostics);
    sensitive = s.value ?? false;
  }

  const values: VariableAssignment[] = [];
  const defaultExpr = attr('default');
  if (defaultExpr) {
    const r = evaluateSyntaxExpression(defaultExpr, ctx);
    diagnostics.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) return diagnostics;
    let value = typeDefaults && !r.value.isNull() ? applyDefaults(r.value, typeDefaults) : r.value;
    const converted = tryConvert(value, type);
    if (converted.ok) value = converted.value;
    else {
      diagnostics.push(
        errorDiag(
          'Invalid default value for variable',
          `This default value is not compatible with the variable's type constraint: ${converted.message}.`,
          expressionRange(defaultExpr),
        ),
      );
      value = Value.DynamicUnknown;
    }
    values.push({ from: 'default', value, range: expressionRange(defaultExpr) });
    // An untyped variable takes the type of its default, unless that default is an empty {} or [].
    if (
      type.kind === 'dynamic' &&
      !typeEquals(value.type, EmptyObjectType) &&
      !typeEquals(value.type, EmptyTupleType)
    ) {
      type = value.type;
    }
  }

  const validations: VariableValidation[] = [];
  for (const vb of content.blocks) {
    const v = decodeValidationBlock(name, vb);
    diagnostics.push(...v.diagnostics);
    validations.push(v.validation);
  }

  into.set(name, {
    name,
    type,
    typeDefaults,
    description,
    sensitive,
    range: block.range,
    values,
    validations,
  });
  return diagnostics;
}

/** The value expressions see: the last assignment, or an unknown of the variable's type when unset. */
export function variableValue(v: InputVariable): Value {
  const last = v.values[v.values.length - 1];
  const value = last ? last.value : Value.unknown(v.type);
  return v.sensitive ? value.mark(SENSITIVE) : value;
}

/** The `var` object. */
export function inputVariablesObject(vars: InputVariables): Value {
  const attrs = new Map<string, Value>();
  for (const [name, v] of vars) attrs.set(name, variableValue(v));
  return Value.object(attrs);
}

/**
 * Variable.ValidateValue for every variable: an unset variable is an error (reported when the
 * configuration is used, not while loading), otherwise the winning value must pass each rule.
 */
export function validateInputVariables(
  vars: InputVariables,
  validationContext: (v: InputVariable, value: Value) => EvalContext,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const v of vars.values()) {
    const last = v.values[v.values.length - 1];
    if (!last) {
      diagnostics.push(
        errorDiag(
          `Unset variable "${v.name}"`,
          'A used variable must be set or have a default value; see https://packer.io/docs/templates/hcl_templates/syntax for details.',
          undefined,
          v.range,
        ),
      );
      continue;
    }
    const value = variableValue(v);
    for (const rule of v.validations)
      diagnostics.push(...rule.check(value, last, validationContext(v, value)));
  }
  return diagnostics;
}
