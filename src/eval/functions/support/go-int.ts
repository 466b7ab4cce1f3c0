import { WHOLE_NUMBER_MESSAGE, toGoInt } from '../../../values/go-int';
import type { Value } from '../../../values/value';
import { FunctionError } from '../function';

/** A known number argument as a Go int, or throws the error built by makeError from gocty's message. */
export function goIntArg(v: Value, makeError: (message: string) => Error): bigint {
  const i = toGoInt(v.unmark()[0].asNumber());
  if (i === undefined) throw makeError(WHOLE_NUMBER_MESSAGE);
  return i;
}

/**
 * The number as a Go `int`, as gocty.FromCtyValue produces it. The error is a FunctionError (cty's
 * functions return gocty's error as is, so Packer reports "Error in function call"); callers that
 * attribute it to an argument re-wrap the message.
 */
export function goInt(v: Value): bigint {
  return goIntArg(v, (message) => new FunctionError(message));
}

/** The number as a Go float64 (nearest double; huge values become ±Infinity, as big.Float.Float64). */
export function goFloat64(v: Value): number {
  return v.asNumber().toNumber();
}
