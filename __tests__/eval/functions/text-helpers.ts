import { Value } from '../../../src/values/value';
import { packerCaller, thrown } from '../../support/function-calls';

/** Shared helpers for the numeric, string, regex and format function tests. */

export const call = packerCaller({ baseDir: '.' });

export { expectArgError, expectFunctionError } from '../../support/function-calls';
export { n, s } from '../../support/values';
export const strList = (...xs: string[]): Value => Value.list(xs.map((x) => Value.string(x)));

/** Calls and returns the thrown error, failing the test if nothing was thrown. */
export function callError(name: string, ...args: Value[]): Error {
  return thrown(() => call(name, ...args), `${name} did not fail`) as Error;
}

/** A string result's text. */
export function str(v: Value): string {
  return v.asString();
}

/** A number result as cty would print it (plain decimal). */
export function numText(v: Value): string {
  return v.asNumber().toFixed();
}
