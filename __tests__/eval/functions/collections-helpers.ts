/** Shared value builders and assertions for the collection function tests. */
import { callFunction } from '../../../src/eval/functions/call';
import type { FunctionSpec } from '../../../src/eval/functions/function';
import { FunctionArgError, FunctionError } from '../../../src/eval/functions/function';
import { rawEquals } from '../../../src/values/equality';
import { makeSet } from '../../../src/values/set';
import type { Type } from '../../../src/values/types';
import { typeString } from '../../../src/values/types';
import { Value } from '../../../src/values/value';

export const s = (x: string): Value => Value.string(x);
export const n = (x: number | string): Value => Value.number(x);
export const b = (x: boolean): Value => Value.bool(x);
export const tuple = (...xs: Value[]): Value => Value.tuple(xs);
export const list = (xs: Value[], t?: Type): Value => Value.list(xs, t);
export const set = (xs: Value[], t?: Type): Value => makeSet(xs, t);
export const obj = (o: Record<string, Value>): Value => Value.object(o);
export const map = (o: Record<string, Value>, t?: Type): Value => Value.map(o, t);
export const strs = (...xs: string[]): Value =>
  Value.list(xs.map(s), xs.length ? undefined : { kind: 'string' });
export const nums = (...xs: number[]): Value =>
  Value.list(
    xs.map((x) => n(x)),
    xs.length ? undefined : { kind: 'number' },
  );

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
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FunctionArgError);
  expect((caught as FunctionArgError).message).toBe(message);
  expect((caught as FunctionArgError).argIndex).toBe(argIndex);
}

export function expectFunctionError(fn: () => unknown, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FunctionError);
  expect((caught as FunctionError).message).toBe(message);
}
