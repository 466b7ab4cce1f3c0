import { callFunction } from '../../../src/eval/functions/call';
import { FunctionArgError, FunctionError } from '../../../src/eval/functions/function';
import { packerFunctions } from '../../../src/eval/functions/index';
import { Value } from '../../../src/values/value';

/** Shared helpers for the numeric, string, regex and format function tests. */

const table = packerFunctions({ baseDir: '.' });

export function call(name: string, ...args: Value[]): Value {
  const spec = table.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return callFunction(spec, args);
}

export const s = (x: string): Value => Value.string(x);
export const n = (x: number | string): Value => Value.number(x);
export const strList = (...xs: string[]): Value => Value.list(xs.map(s));

/** Calls and returns the thrown error, failing the test if nothing was thrown. */
export function callError(name: string, ...args: Value[]): Error {
  try {
    call(name, ...args);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`${name} did not fail`);
}

export function expectArgError(e: Error, argIndex: number, message: string): void {
  expect(e).toBeInstanceOf(FunctionArgError);
  expect((e as FunctionArgError).argIndex).toBe(argIndex);
  expect(e.message).toBe(message);
}

export function expectFunctionError(e: Error, message: string): void {
  expect(e).toBeInstanceOf(FunctionError);
  expect(e.message).toBe(message);
}

/** A string result's text. */
export function str(v: Value): string {
  return v.asString();
}

/** A number result as cty would print it (plain decimal). */
export function numText(v: Value): string {
  return v.asNumber().toFixed();
}
