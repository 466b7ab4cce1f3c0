import { convert } from '../../values/convert';
import { ConversionError } from '../../values/conversion-error';
import { DynamicType, type Type } from '../../values/types';
import { sensitiveStrings } from '../../values/sensitive-strings';
import { SENSITIVE, Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec, type Parameter } from './function';

/**
 * Calls a function the way HCL's function-call expression and cty's function.Call do together:
 * each argument is converted to its parameter's type (HCL), then cty's checks run — null arguments,
 * dynamic-typed and unknown arguments, marks — before the return type and the implementation.
 *
 * Argument-count mistakes throw FunctionError with cty's wording; an evaluator that wants HCL's
 * "Not enough function arguments"/"Too many function arguments" diagnostics checks arityProblem first.
 * Conversion failures throw FunctionArgError(index, cty's conversion message); the evaluator renders
 * it as `Invalid value for "<parameterFor(spec, index).name>" parameter: <message>.`
 */
export function callFunction(spec: FunctionSpec, args: readonly Value[]): Value {
  const nParams = spec.params.length;
  if (!spec.varParam && args.length !== nParams) {
    throw new FunctionError(`wrong number of arguments (${nParams} required; ${args.length} given)`);
  }
  if (spec.varParam && args.length < nParams) {
    throw new FunctionError(`wrong number of arguments (at least ${nParams} required; ${args.length} given)`);
  }

  const converted = args.map((a, i) => {
    const p = parameterFor(spec, i);
    try {
      return convert(a, p.type);
    } catch (e) {
      if (e instanceof ConversionError) throw new FunctionArgError(i, e.message);
      throw e;
    }
  });

  // cty's returnTypeForValues: marks are invisible to the type function unless allowed; nulls rejected;
  // a dynamic-typed argument where the parameter cannot take one makes the whole result unknown.
  const forType = converted.map((v, i) => (parameterFor(spec, i).allowMarked ? v : v.unmarkDeep()[0]));
  let dynamicArgs = false;
  for (let i = 0; i < converted.length; i++) {
    const p = parameterFor(spec, i);
    const v = converted[i];
    if (v.isNull() && !p.allowNull) throw new FunctionArgError(i, 'argument must not be null');
    if (v.type.kind === 'dynamic' && !p.allowDynamicType) {
      dynamicArgs = true;
      break;
    }
  }
  const returnType: Type = dynamicArgs ? DynamicType : spec.returnType(forType);

  // cty's Call: strip marks from arguments that may not see them, remember them for the result.
  const resultMarks = new Set<string>();
  let returnUnknown = dynamicArgs;
  const implArgs = converted.map((v, i) => {
    const p = parameterFor(spec, i);
    if (!v.isKnown() && !p.allowUnknown) returnUnknown = true;
    if (p.allowMarked) return v;
    const [u, marks] = v.unmarkDeep();
    for (const m of marks) resultMarks.add(m);
    return u;
  });
  if (returnUnknown) return Value.unknown(returnType).withMarks(resultMarks);
  let result: Value;
  try {
    result = spec.impl(implArgs, returnType);
  } catch (e) {
    const error = e instanceof RangeError ? limitError(e) : e;
    throw resultMarks.has(SENSITIVE)
      ? maskedError(
          error,
          converted.flatMap((v) => sensitiveStrings(v)),
        )
      : error;
  }
  return result.withMarks(resultMarks);
}

/**
 * JavaScript's own limits, reached by arguments a user chose (`indent(1e9, "a")`, a width of 1e9 in
 * `format`, a 5,000-deep `jsondecode`): the call fails like any other, naming the function, rather
 * than ending the process with a RangeError. Go would try to allocate gigabytes or grow its stack.
 */
function limitError(e: RangeError): FunctionError {
  if (e.message.includes('call stack')) return new FunctionError('the value is nested too deeply to process');
  return new FunctionError(`the result is too large to hold in memory (${e.message})`);
}

/**
 * An implementation's error with the sensitive arguments' texts shown as `<sensitive>`: messages
 * such as base64decode's "failed to decode base64 data 'S3CR3T'" quote their input, and an
 * argument derived from a sensitive value (`upper(var.secret)`) is no secret the output filter
 * knows.
 */
function maskedError(e: unknown, secrets: readonly string[]): unknown {
  if (!(e instanceof FunctionError) && !(e instanceof FunctionArgError)) return e;
  let message = e.message;
  for (const s of [...secrets].sort((a, b) => b.length - a.length))
    if (s !== '') message = message.split(s).join('<sensitive>');
  if (message === e.message) return e;
  return e instanceof FunctionArgError
    ? new FunctionArgError(e.argIndex, message)
    : new FunctionError(message);
}

/** The parameter an argument position binds to (the variadic parameter past the fixed ones). */
export function parameterFor(spec: FunctionSpec, index: number): Parameter {
  if (index < spec.params.length) return spec.params[index];
  if (spec.varParam) return spec.varParam;
  throw new Error(`no parameter for argument ${index}`);
}

/**
 * HCL's argument-count diagnostics for a call of `name` with `argCount` arguments, or undefined when
 * the count is fine. `missing` problems point at the closing parenthesis, `extra` at the first
 * surplus argument (HCL's subjects).
 */
export function arityProblem(
  name: string,
  spec: FunctionSpec,
  argCount: number,
): { kind: 'missing' | 'extra'; summary: string; detail: string } | undefined {
  const n = spec.params.length;
  if (argCount < n) {
    const qual = spec.varParam ? ' at least' : '';
    return {
      kind: 'missing',
      summary: 'Not enough function arguments',
      detail: `Function ${JSON.stringify(name)} expects${qual} ${n} argument(s). Missing value for ${JSON.stringify(spec.params[argCount].name)}.`,
    };
  }
  if (!spec.varParam && argCount > n) {
    return {
      kind: 'extra',
      summary: 'Too many function arguments',
      detail: `Function ${JSON.stringify(name)} expects only ${n} argument(s).`,
    };
  }
  return undefined;
}
