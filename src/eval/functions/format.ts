import { DynamicType, StringType, listOf } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec, type Parameter } from './function';
import { applyFormat, compileFormat, formatValues } from './format-verbs';
import { registerFamily } from './index';

/**
 * format() and formatlist(): cty's printf-like functions (the verbs live in ./format-verbs.ts).
 */

const formatParam: Parameter = { name: 'format', type: StringType };
const argsParam: Parameter = {
  name: 'args',
  type: DynamicType,
  allowNull: true,
  allowUnknown: true,
  allowDynamicType: true,
};

const formatFunc: FunctionSpec = {
  description:
    'Constructs a string by applying formatting verbs to a series of arguments, using a similar syntax to the C function "printf".',
  params: [formatParam],
  varParam: argsParam,
  returnType: () => StringType,
  impl: (args) => {
    // Collections print as JSON, which needs every nested value, so any unknown makes all unknown.
    if (args.slice(1).some((a) => !a.isWhollyKnown())) return Value.unknown(StringType);
    return Value.string(formatValues(args[0].asString(), args.slice(1)));
  },
};

/** Length of a sequence argument, or undefined when it cannot be known yet. */
function sequenceLength(arg: Value): number | undefined {
  if (arg.type.kind === 'tuple') return arg.type.elements.length;
  return arg.isKnown() ? arg.length() : undefined;
}

const formatListFunc: FunctionSpec = {
  description:
    'Constructs a list of strings by applying formatting verbs to a series of arguments, using a similar syntax to the C function "printf".',
  params: [formatParam],
  varParam: argsParam,
  returnType: () => listOf(StringType),
  impl: (allArgs, retType) => {
    const fmt = allArgs[0].asString();
    const args = allArgs.slice(1);
    if (args.length === 0) return Value.list([Value.string(formatValues(fmt, []))], StringType);

    // Lists, sets and tuples are iterated in step (all must have the same length); any other value
    // is repeated for every iteration.
    let iterLen = -1;
    let lenChooser = -1;
    let unknown = false;
    const sequences: (readonly Value[] | undefined)[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const kind = arg.type.kind;
      sequences.push(undefined);
      if ((kind === 'list' || kind === 'set' || kind === 'tuple') && !arg.isNull()) {
        const len = sequenceLength(arg);
        if (len === undefined) {
          unknown = true;
          continue;
        }
        if (iterLen === -1) {
          iterLen = len;
          lenChooser = i;
        } else if (len !== iterLen) {
          throw new FunctionArgError(
            i + 1,
            `argument ${i + 1} has length ${len}, which is inconsistent with argument ${lenChooser + 1} of length ${iterLen}`,
          );
        }
        if (!arg.isKnown()) {
          unknown = true;
          continue;
        }
        sequences[i] = arg.elements();
      } else if (kind === 'dynamic' && !arg.isKnown()) {
        unknown = true;
      }
    }
    if (unknown) return Value.unknown(retType);
    if (iterLen === 0) return Value.list([], StringType);
    if (iterLen === -1) iterLen = 1;

    // Scanned once for all iterations: a list of a million elements formats a million times.
    const format = compileFormat(fmt);
    const results: Value[] = new Array<Value>(iterLen);
    for (let n = 0; n < iterLen; n++) {
      const callArgs = args.map((a, i) => sequences[i]?.[n] ?? a);
      if (callArgs.some((a) => !a.isWhollyKnown())) {
        results[n] = Value.unknown(StringType);
        continue;
      }
      try {
        results[n] = Value.string(applyFormat(format, callArgs));
      } catch (e) {
        if (e instanceof FunctionError || e instanceof FunctionArgError) {
          throw new FunctionError(`error on format iteration ${n}: ${e.message}`);
        }
        throw e;
      }
    }
    return Value.list(results, StringType);
  },
};

registerFamily((table) => {
  table.set('format', formatFunc);
  table.set('formatlist', formatListFunc);
});
