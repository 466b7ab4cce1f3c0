import type { Diagnostic } from '../hcl/diagnostics';
import { errorDiag } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { Expression, FunctionCallExpr } from '../hcl/syntax/ast';
import { ConversionError } from './conversion-error';
import { convert } from './convert';
import { constantValue } from './typeexpr-constant';
import type { TypeDefaults } from './typeexpr-defaults';
import type { Type } from './types';
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
} from './types';
import type { Value } from './value';

export type { TypeDefaults } from './typeexpr-defaults';
export { applyDefaults } from './typeexpr-defaults';

/**
 * Type expressions (hcl's ext/typeexpr), read from the syntax tree without evaluating it:
 * `string`, `list(number)`, `object({name=string, tags=optional(map(string), {})})`, ...
 */
export interface TypeConstraintResult {
  readonly type: Type;
  readonly defaults?: TypeDefaults;
  readonly diagnostics: Diagnostic[];
}

/** Evaluates an optional(...) default expression; defaults to a constant-only evaluator (hcl passes no context). */
export type ConstantEvaluator = (expr: Expression) => { value: Value; diagnostics: Diagnostic[] };

/** typeexpr.TypeConstraintWithDefaults: `any` allowed, optional(T, default) allowed. */
export function getTypeConstraint(
  expr: Expression,
  evaluate: ConstantEvaluator = constantValue,
): TypeConstraintResult {
  return getType(expr, true, true, evaluate);
}

/** typeexpr.Type: an exact type (no `any`, no optional attributes). */
export function getExactType(expr: Expression): TypeConstraintResult {
  return getType(expr, false, false, constantValue);
}

const SUMMARY = 'Invalid type specification';

function invalid(detail: string, subject: Range, context?: Range): TypeConstraintResult {
  return { type: DynamicType, diagnostics: [errorDiag(SUMMARY, detail, subject, context)] };
}

function getType(
  expr: Expression,
  constraint: boolean,
  withDefaults: boolean,
  evaluate: ConstantEvaluator,
): TypeConstraintResult {
  const kw = exprAsKeyword(expr);
  switch (kw) {
    case undefined:
      break;
    case 'bool':
      return { type: BoolType, diagnostics: [] };
    case 'string':
      return { type: StringType, diagnostics: [] };
    case 'number':
      return { type: NumberType, diagnostics: [] };
    case 'any':
      if (constraint) return { type: DynamicType, diagnostics: [] };
      return invalid(
        `The keyword "any" cannot be used in this type specification: an exact type is required.`,
        expr.range,
      );
    case 'list':
    case 'map':
    case 'set':
      return invalid(
        `The ${kw} type constructor requires one argument specifying the element type.`,
        expr.range,
      );
    case 'object':
      return invalid(
        'The object type constructor requires one argument specifying the attribute types and values as a map.',
        expr.range,
      );
    case 'tuple':
      return invalid(
        'The tuple type constructor requires one argument specifying the element types as a list.',
        expr.range,
      );
    default:
      return invalid(`The keyword ${JSON.stringify(kw)} is not a valid type specification.`, expr.range);
  }

  const call = expr.kind === 'FunctionCall' ? expr : undefined;
  if (!call) {
    return invalid(
      'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).',
      expr.range,
    );
  }
  const argsRange = argsRangeOf(call);
  switch (call.name) {
    case 'bool':
    case 'string':
    case 'number':
      return invalid(
        `Primitive type keyword ${JSON.stringify(call.name)} does not expect arguments.`,
        argsRange,
      );
    case 'any':
      return invalid(
        `Type constraint keyword ${JSON.stringify(call.name)} does not expect arguments.`,
        argsRange,
      );
  }

  const args = call.args;
  if (args.length !== 1 && ['list', 'set', 'map', 'object', 'tuple'].includes(call.name)) {
    const subject = args.length > 1 ? between(args[1].range, args[args.length - 1].range) : argsRange;
    const detail =
      call.name === 'object'
        ? 'The object type constructor requires one argument specifying the attribute types and values as a map.'
        : call.name === 'tuple'
          ? 'The tuple type constructor requires one argument specifying the element types as a list.'
          : `The ${call.name} type constructor requires one argument specifying the element type.`;
    return invalid(detail, subject, argsRange);
  }

  switch (call.name) {
    case 'list':
    case 'set':
    case 'map': {
      const inner = getType(args[0], constraint, withDefaults, evaluate);
      const make = call.name === 'list' ? listOf : call.name === 'set' ? setOf : mapOf;
      const type = make(inner.type);
      const defaults: TypeDefaults | undefined = inner.defaults && {
        type,
        children: new Map([['', inner.defaults]]),
      };
      return { type, defaults, diagnostics: inner.diagnostics };
    }
    case 'object':
      return objectType(expr, args[0], constraint, withDefaults, evaluate);
    case 'tuple': {
      const list = args[0];
      if (list.kind !== 'TupleCons') {
        return invalid('Tuple type constructor requires a list of element types.', list.range, expr.range);
      }
      const diagnostics: Diagnostic[] = [];
      const children = new Map<string, TypeDefaults>();
      const etys = list.exprs.map((e, i) => {
        const r = getType(e, constraint, withDefaults, evaluate);
        diagnostics.push(...r.diagnostics);
        if (r.defaults) children.set(String(i), r.defaults);
        return r.type;
      });
      const type = tupleOf(etys);
      return { type, defaults: children.size ? { type, children } : undefined, diagnostics };
    }
    case 'optional':
      return {
        type: DynamicType,
        diagnostics: [
          errorDiag(
            SUMMARY,
            `Keyword "optional" is valid only as a modifier for object type attributes.`,
            call.nameRange,
          ),
        ],
      };
    default:
      return invalid(`Keyword ${JSON.stringify(call.name)} is not a valid type constructor.`, expr.range);
  }
}

function objectType(
  expr: Expression,
  arg: Expression,
  constraint: boolean,
  withDefaults: boolean,
  evaluate: ConstantEvaluator,
): TypeConstraintResult {
  if (arg.kind !== 'ObjectCons') {
    return invalid(
      'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.',
      arg.range,
      expr.range,
    );
  }
  const diagnostics: Diagnostic[] = [];
  const attrs: Record<string, Type> = {};
  const optional = new Set<string>();
  const defaultValues = new Map<string, Value>();
  const children = new Map<string, TypeDefaults>();
  for (const item of arg.items) {
    const name = item.key.forceNonLiteral ? undefined : exprAsKeyword(item.key.wrapped);
    if (name === undefined) {
      diagnostics.push(
        errorDiag(
          SUMMARY,
          'Object constructor map keys must be attribute names.',
          item.key.range,
          expr.range,
        ),
      );
      continue;
    }
    if (name in attrs) {
      diagnostics.push(
        errorDiag(SUMMARY, 'Object constructor map keys must be unique.', item.key.range, expr.range),
      );
      continue;
    }
    let atyExpr = item.value;
    let defaultExpr: Expression | undefined;
    if (atyExpr.kind === 'FunctionCall' && atyExpr.name === 'optional') {
      const opt = atyExpr;
      const optArgs = argsRangeOf(opt);
      if (opt.args.length < 1) {
        diagnostics.push(
          errorDiag(
            SUMMARY,
            'Optional attribute modifier requires the attribute type as its argument.',
            optArgs,
            opt.range,
          ),
        );
        continue;
      }
      if (!constraint) {
        diagnostics.push(
          errorDiag(
            SUMMARY,
            'Optional attribute modifier is only for type constraints, not for exact types.',
            opt.nameRange,
            opt.range,
          ),
        );
      } else if (withDefaults) {
        if (opt.args.length === 2) {
          defaultExpr = opt.args[1];
          const dv = evaluate(defaultExpr);
          diagnostics.push(...dv.diagnostics);
          if (!dv.diagnostics.some((d) => d.severity === 'error')) {
            optional.add(name);
            defaultValues.set(name, dv.value);
          }
        } else if (opt.args.length === 1) {
          optional.add(name);
        } else {
          diagnostics.push(
            errorDiag(
              SUMMARY,
              'Optional attribute modifier expects at most two arguments: the attribute type, and a default value.',
              optArgs,
              opt.range,
            ),
          );
        }
      } else if (opt.args.length === 1) {
        optional.add(name);
      } else {
        diagnostics.push(
          errorDiag(
            SUMMARY,
            'Optional attribute modifier expects only one argument: the attribute type.',
            optArgs,
            opt.range,
          ),
        );
      }
      atyExpr = opt.args[0];
    }
    const a = getType(atyExpr, constraint, withDefaults, evaluate);
    diagnostics.push(...a.diagnostics);
    const dv = defaultValues.get(name);
    if (dv !== undefined && defaultExpr) {
      try {
        defaultValues.set(name, convert(dv, a.type));
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(
          errorDiag(
            'Invalid default value for optional attribute',
            `This default value is not compatible with the attribute's type constraint: ${e.message}.`,
            defaultExpr.range,
          ),
        );
        defaultValues.delete(name);
      }
    }
    attrs[name] = a.type;
    if (a.defaults) children.set(name, a.defaults);
  }
  const type = objectOf(attrs, optional);
  const defaults: TypeDefaults | undefined =
    defaultValues.size || children.size
      ? {
          type,
          defaultValues: defaultValues.size ? defaultValues : undefined,
          children: children.size ? children : undefined,
        }
      : undefined;
  return { type, defaults, diagnostics };
}

/** hcl.ExprAsKeyword: a lone identifier (a traversal with just a root name). */
function exprAsKeyword(e: Expression): string | undefined {
  if (e.kind === 'ScopeTraversal' && e.traversal.length === 1 && e.traversal[0].kind === 'root')
    return e.traversal[0].name;
  return undefined;
}

/** hcl's StaticCall.ArgsRange: from the opening to the closing parenthesis, inclusive. */
function argsRangeOf(call: FunctionCallExpr): Range {
  return between(call.openParenRange, call.closeParenRange);
}

function between(a: Range, b: Range): Range {
  return {
    filename: a.filename,
    start: a.start.byte <= b.start.byte ? a.start : b.start,
    end: a.end.byte >= b.end.byte ? a.end : b.end,
  };
}
