/** Shared value builders and assertions for the collection function tests. */
import { callFunction } from '../../../src/eval/functions/call';
import type { FunctionSpec } from '../../../src/eval/functions/function';
import { rawEquals } from '../../../src/values/equality';
import { typeString } from '../../../src/values/types';
import type { Value } from '../../../src/values/value';
import {
  expectArgError as expectArgErrorOf,
  expectFunctionError as expectFunctionErrorOf,
  thrown,
} from '../../support/function-calls';

export { b, list, map, n, nums, obj, s, set, strs, tuple } from '../../support/values';

/** A readable rendering for failure messages: type and payload. */
export function show(v: Value): string {
  const marks = v.marks.size ? `{${[...v.marks].join(',')}}` : '';
  const body = (): string => {
    if (!v.isKnown()) return '(unknown)';
    if (v.isNull()) return 'null';
    const [u] = v.unmark();
    switch (u.type.kind) {
      case 'string':
        return JSON.stringify(u.asString());
      case 'number':
        return u.asNumber().toString();
      case 'bool':
        return String(u.asBool());
      case 'list':
      case 'set':
      case 'tuple':
        return `[${u.elements().map(show).join(', ')}]`;
      case 'map':
      case 'object':
        return `{${[...u.entries()].map(([k, e]) => `${k}=${show(e)}`).join(', ')}}`;
      default:
        return '?';
    }
  };
  return `${typeString(v.type)}:${body()}${marks}`;
}

export function call(spec: FunctionSpec, ...args: Value[]): Value {
  return callFunction(spec, args);
}

/** Asserts exact (cty RawEquals) equality of type, payload and marks. */
export function expectValue(actual: Value, expected: Value): void {
  if (!rawEquals(actual, expected)) expect(show(actual)).toBe(show(expected));
  expect(rawEquals(actual, expected)).toBe(true);
}

export function expectArgError(fn: () => unknown, argIndex: number, message: string): void {
  expectArgErrorOf(thrown(fn), argIndex, message);
}

export function expectFunctionError(fn: () => unknown, message: string): void {
  expectFunctionErrorOf(thrown(fn), message);
}
