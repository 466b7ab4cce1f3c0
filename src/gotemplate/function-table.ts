import type { InterpolationContext } from './types';
import type { GoValue } from './values';

/**
 * How the engine sees a template function: Go parameter types (which decide the "expected string;
 * found 1" and "wrong number of args" errors) and an implementation.
 */

/** `string`, `int`, reflect.Value (`value`, Go's builtins) or interface{} (`any`). */
export type ParamType = 'string' | 'int' | 'value' | 'any';

/**
 * An argument as the implementation receives it: a string for `string`, a bigint for `int`, any
 * value for `value` (NO_VALUE when invalid) and any value or null (a nil interface) for `any`.
 */
export type ArgValue = GoValue | null;

export interface TemplateFunction {
  readonly params: readonly ParamType[];
  readonly variadic?: ParamType;
  /** Throws FunctionFailure for Go's `(result, error)` error return. */
  readonly impl: (args: readonly ArgValue[], ctx: InterpolationContext) => GoValue;
}

/** A call that returned an error: Go reports `error calling <name>: <message>`. */
export class FunctionFailure extends Error {}

/**
 * A call that failed because the context lacks something it will have later (the build name, the
 * data, user variables): an error like any other, except that validate-time rendering
 * (keepUnresolved) keeps the action as written instead.
 */
export class Unavailable extends FunctionFailure {}

export type FunctionLookup = (name: string) => TemplateFunction | undefined;
