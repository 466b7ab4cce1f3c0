import { callFunction } from '../../src/eval/functions/call';
import { FunctionArgError, FunctionError } from '../../src/eval/functions/function';
import { type FunctionOptions, packerFunctions } from '../../src/eval/functions/index';
import type { Value } from '../../src/values/value';

/**
 * Calling HCL functions from Packer's table through callFunction (so their parameter declarations
 * are exercised), and the errors they throw.
 */

/** A caller of the functions in Packer's table built with `options`, by name. */
export function packerCaller(options: FunctionOptions): (name: string, ...args: Value[]) => Value {
  const table = packerFunctions(options);
  return (name, ...args) => {
    const spec = table.get(name);
    if (!spec) throw new Error(`no function ${name}`);
    return callFunction(spec, args);
  };
}

/** Runs `f` and returns what it throws; fails the test with `what` if it throws nothing. */
export function thrown(f: () => unknown, what = 'expected the call to fail'): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error(what);
}

/** `e` is a FunctionArgError about argument `argIndex`, with `message`. */
export function expectArgError(e: unknown, argIndex: number, message: string): void {
  expect(e).toBeInstanceOf(FunctionArgError);
  expect((e as FunctionArgError).message).toBe(message);
  expect((e as FunctionArgError).argIndex).toBe(argIndex);
}

/** `e` is a FunctionError (about the call as a whole) with `message`. */
export function expectFunctionError(e: unknown, message: string): void {
  expect(e).toBeInstanceOf(FunctionError);
  expect((e as FunctionError).message).toBe(message);
}
