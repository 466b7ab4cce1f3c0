import { makeSet } from '../../src/values/set';
import type { Type } from '../../src/values/types';
import { Value } from '../../src/values/value';

/** Short builders for cty-like values in assertions. */

export const s = (x: string): Value => Value.string(x);
export const n = (x: number | string): Value => Value.number(x);
export const b = (x: boolean): Value => Value.bool(x);
export const tuple = (...xs: Value[]): Value => Value.tuple(xs);
export const list = (xs: Value[], t?: Type): Value => Value.list(xs, t);
export const set = (xs: Value[], t?: Type): Value => makeSet(xs, t);
export const obj = (o: Record<string, Value>): Value => Value.object(o);
export const map = (o: Record<string, Value>, t?: Type): Value => Value.map(o, t);
/** A list of strings (list(string) when empty). */
export const strs = (...xs: string[]): Value =>
  Value.list(xs.map(s), xs.length ? undefined : { kind: 'string' });
/** A list of numbers (list(number) when empty). */
export const nums = (...xs: number[]): Value =>
  Value.list(
    xs.map((x) => n(x)),
    xs.length ? undefined : { kind: 'number' },
  );
