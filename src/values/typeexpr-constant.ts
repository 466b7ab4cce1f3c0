import type { Diagnostic } from '../hcl/diagnostics';
import { errorDiag } from '../hcl/diagnostics';
import type { Expression } from '../hcl/syntax/ast';
import { convert } from './convert';
import { StringType } from './types';
import { Value } from './value';

/**
 * Evaluates an expression with no variables and no functions, as hcl does when it evaluates an
 * optional(...) default with a nil context: literals, templates without interpolation of anything
 * but constants, tuples, objects, parentheses and unary minus/not. Anything else is an error in
 * hcl's words for a nil context.
 */
export function constantValue(e: Expression): { value: Value; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const value = evalConst(e, diagnostics);
  return { value, diagnostics };
}

function evalConst(e: Expression, diags: Diagnostic[]): Value {
  switch (e.kind) {
    case 'LiteralValue': {
      const lv = e.value;
      if (lv.type === 'null') return Value.DynamicNull;
      if (lv.type === 'string') return Value.string(lv.value);
      if (lv.type === 'number') return Value.number(lv.value);
      return Value.bool(lv.value);
    }
    case 'Parentheses':
      return evalConst(e.expr, diags);
    case 'TemplateWrap':
      return evalConst(e.wrapped, diags);
    case 'Template': {
      let s = '';
      for (const part of e.parts) {
        const v = evalConst(part, diags);
        if (!v.isKnown() || v.isNull()) return Value.unknown(StringType);
        try {
          s += convert(v, StringType).asString();
        } catch {
          return Value.unknown(StringType);
        }
      }
      return Value.string(s);
    }
    case 'TupleCons':
      return Value.tuple(e.exprs.map((x) => evalConst(x, diags)));
    case 'ObjectCons': {
      const m = new Map<string, Value>();
      for (const item of e.items) {
        const k = item.key;
        const w = k.wrapped;
        let key: string | undefined;
        const root = w.kind === 'ScopeTraversal' && w.traversal.length === 1 ? w.traversal[0] : undefined;
        if (!k.forceNonLiteral && root?.kind === 'root') key = root.name;
        else {
          const kv = evalConst(w, diags);
          if (kv.isKnown() && !kv.isNull() && kv.type.kind !== 'dynamic') {
            try {
              key = convert(kv, StringType).asString();
            } catch {
              key = undefined;
            }
          }
        }
        if (key !== undefined) m.set(key, evalConst(item.value, diags));
      }
      return Value.object(m);
    }
    case 'UnaryOp': {
      const v = evalConst(e.operand, diags);
      if (!v.isKnown() || v.isNull()) return Value.DynamicUnknown;
      if (e.op === '-' && v.type.kind === 'number') return Value.number(v.asNumber().negated());
      if (e.op === '!' && v.type.kind === 'bool') return Value.bool(!v.asBool());
      diags.push(
        errorDiag('Invalid operand', 'Unsuitable value for unary operand.', e.operand.range, e.range),
      );
      return Value.DynamicUnknown;
    }
    case 'ScopeTraversal':
      diags.push(errorDiag('Variables not allowed', 'Variables may not be used here.', e.range));
      return Value.DynamicUnknown;
    case 'FunctionCall':
      diags.push(errorDiag('Function calls not allowed', 'Functions may not be called here.', e.range));
      return Value.DynamicUnknown;
    default:
      diags.push(errorDiag('Invalid default value', 'A default value must be a constant.', e.range));
      return Value.DynamicUnknown;
  }
}
