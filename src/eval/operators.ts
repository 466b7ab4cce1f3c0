/**
 * Binary and unary operators. HCL implements each operator as a cty stdlib function call, so the
 * checks here follow cty's function-call rules: operands are converted to the parameter type,
 * null operands are rejected ("argument must not be null"), unknown operands give unknown results,
 * and marks on the operands carry over to the result.
 */
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { BinaryOpExpr, BinaryOperator, UnaryOpExpr } from '../hcl/syntax/ast';
import { equals } from '../values/equality';
import type { Num } from '../values/number';
import { BoolType, DynamicType, NumberType, type Type } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { evaluate } from './evaluate';
import type { EvalResult } from './traversal';
import { tryConvert } from './value-ops';

/** A failure inside an operator's implementation, reported as "Operation failed". */
class OperationError extends Error {}

const NOT_NULL = 'argument must not be null';

function paramType(op: BinaryOperator): Type {
  switch (op) {
    case '||':
    case '&&':
      return BoolType;
    case '==':
    case '!=':
      return DynamicType;
    default:
      return NumberType;
  }
}

function resultType(op: BinaryOperator): Type {
  return ['+', '-', '*', '/', '%'].includes(op) ? NumberType : BoolType;
}

export function evaluateBinaryOp(expr: BinaryOpExpr, ctx: EvalContext | undefined): EvalResult {
  const pType = paramType(expr.op);
  const rType = resultType(expr.op);
  const diagnostics: Diagnostic[] = [];

  const lhsRes = evaluate(expr.lhs, ctx);
  const lhsConv = tryConvert(lhsRes.value, pType);
  if (!lhsConv.ok) {
    diagnostics.push(
      errorDiag(
        'Invalid operand',
        `Unsuitable value for left operand: ${lhsConv.message}.`,
        expr.lhs.range,
        expr.range,
      ),
    );
  }
  const rhsRes = evaluate(expr.rhs, ctx);
  const rhsConv = tryConvert(rhsRes.value, pType);
  if (!rhsConv.ok) {
    diagnostics.push(
      errorDiag(
        'Invalid operand',
        `Unsuitable value for right operand: ${rhsConv.message}.`,
        expr.rhs.range,
        expr.range,
      ),
    );
  }
  if (!lhsConv.ok || !rhsConv.ok) {
    diagnostics.push(...lhsRes.diagnostics, ...rhsRes.diagnostics);
    return { value: Value.unknown(rType), diagnostics };
  }

  const [lhs, lhsMarks] = lhsConv.value.unmark();
  const [rhs, rhsMarks] = rhsConv.value.unmark();
  const withMarks = (v: Value): Value => v.withMarks([...lhsMarks, ...rhsMarks]);

  if (expr.op === '&&' || expr.op === '||') {
    const sc = shortCircuit(expr.op, lhs, rhs, lhsRes.diagnostics, rhsRes.diagnostics);
    // As with conditionals, the diagnostics of the side not taken are dropped.
    if (sc) return { value: withMarks(sc.value), diagnostics: sc.diagnostics };
  }

  diagnostics.push(...lhsRes.diagnostics, ...rhsRes.diagnostics);
  if (hasErrors(diagnostics)) return { value: withMarks(Value.unknown(rType)), diagnostics };

  try {
    return { value: withMarks(applyBinary(expr.op, lhs, rhs)), diagnostics };
  } catch (e) {
    if (!(e instanceof OperationError)) throw e;
    diagnostics.push(errorDiag('Operation failed', `Error during operation: ${e.message}.`, expr.range));
    return { value: Value.unknown(rType), diagnostics };
  }
}

/**
 * Current HCL's short-circuit rules for && and ||: a known controlling operand decides the result
 * (and only its side's diagnostics are kept); an unknown operand decides it when the other side
 * cannot. Returns undefined when evaluation should proceed normally.
 */
function shortCircuit(
  op: '&&' | '||',
  lhs: Value,
  rhs: Value,
  lhsDiags: Diagnostic[],
  rhsDiags: Diagnostic[],
): EvalResult | undefined {
  const controlling = op === '||';
  const is = (v: Value, b: boolean): boolean => v.isKnown() && !v.isNull() && v.asBool() === b;
  if (!lhs.isKnown() && !rhs.isKnown()) {
    // With errors on the left, the right might have errors too: don't hide them.
    return hasErrors(lhsDiags) ? undefined : { value: Value.unknown(BoolType), diagnostics: lhsDiags };
  }
  if (is(lhs, controlling)) return { value: Value.bool(controlling), diagnostics: lhsDiags };
  if (is(rhs, controlling)) return { value: Value.bool(controlling), diagnostics: rhsDiags };
  if (!lhs.isKnown() && is(rhs, !controlling))
    return { value: Value.unknown(BoolType), diagnostics: lhsDiags };
  if (!rhs.isKnown() && is(lhs, !controlling))
    return { value: Value.unknown(BoolType), diagnostics: rhsDiags };
  return undefined;
}

function applyBinary(op: BinaryOperator, lhs: Value, rhs: Value): Value {
  if (op === '==' || op === '!=') {
    // cty's equality functions take unmarked arguments at every depth and mark the result instead.
    const [l, lm] = lhs.unmarkDeep();
    const [r, rm] = rhs.unmarkDeep();
    let eq = equals(l, r);
    if (op === '!=') eq = eq.isKnown() ? Value.bool(!eq.asBool()) : eq;
    return eq.withMarks([...lm, ...rm]);
  }
  if (lhs.isNull() || rhs.isNull()) throw new OperationError(NOT_NULL);
  const rType = resultType(op);
  if (!lhs.isKnown() || !rhs.isKnown()) return Value.unknown(rType);
  switch (op) {
    case '&&':
      return Value.bool(lhs.asBool() && rhs.asBool());
    case '||':
      return Value.bool(lhs.asBool() || rhs.asBool());
    case '<':
      return Value.bool(lhs.asNumber().lt(rhs.asNumber()));
    case '<=':
      return Value.bool(lhs.asNumber().lte(rhs.asNumber()));
    case '>':
      return Value.bool(lhs.asNumber().gt(rhs.asNumber()));
    case '>=':
      return Value.bool(lhs.asNumber().gte(rhs.asNumber()));
    default:
      return Value.number(arithmetic(op, lhs.asNumber(), rhs.asNumber()));
  }
}

/** Arithmetic as cty does it, including its infinities and its messages for undefined results. */
function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: Num, b: Num): Num {
  let result: Num;
  let nanMessage: string;
  switch (op) {
    case '+':
      result = a.plus(b);
      nanMessage = "can't compute sum of opposing infinities";
      break;
    case '-':
      result = a.minus(b);
      nanMessage = "can't subtract infinity from itself";
      break;
    case '*':
      result = a.times(b);
      nanMessage = "can't multiply zero by infinity";
      break;
    case '/':
      result = a.div(b);
      nanMessage = "can't divide zero by zero or infinity by infinity";
      break;
    case '%':
      result = modulo(a, b);
      nanMessage = "can't use modulo with zero and infinity";
      break;
  }
  if (result.isNaN()) throw new OperationError(nanMessage);
  return result;
}

/** cty's modulo: the remainder of truncated division (sign of the dividend); x % 0 is x. */
function modulo(a: Num, b: Num): Num {
  if (!a.isFinite() || !b.isFinite()) return a.times(b);
  if (b.isZero()) return a;
  return a.minus(b.times(a.div(b).trunc()));
}

export function evaluateUnaryOp(expr: UnaryOpExpr, ctx: EvalContext | undefined): EvalResult {
  const pType = expr.op === '-' ? NumberType : BoolType;
  const operand = evaluate(expr.operand, ctx);
  const diagnostics = [...operand.diagnostics];
  const conv = tryConvert(operand.value, pType);
  if (!conv.ok) {
    diagnostics.push(
      errorDiag(
        'Invalid operand',
        `Unsuitable value for unary operand: ${conv.message}.`,
        expr.operand.range,
        expr.range,
      ),
    );
  }
  if (!conv.ok || hasErrors(diagnostics)) return { value: Value.unknown(pType), diagnostics };
  // Negate and Not accept marked values and keep the marks on their result.
  const [v, marks] = conv.value.unmark();
  if (v.isNull()) {
    diagnostics.push(errorDiag('Operation failed', `Error during operation: ${NOT_NULL}.`, expr.range));
    return { value: Value.unknown(pType), diagnostics };
  }
  let result: Value;
  if (!v.isKnown()) result = Value.unknown(pType);
  else if (expr.op === '-') result = Value.number(v.asNumber().negated());
  else result = Value.bool(!v.asBool());
  return { value: result.withMarks(marks), diagnostics };
}
