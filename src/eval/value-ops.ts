/**
 * The few value-layer operations the evaluator needs, gathered in one place so that the rest of
 * src/eval depends on a small, stable surface: conversion that reports failure as a message
 * instead of throwing, type unification, and mark bookkeeping.
 */
import { ConversionError } from '../values/conversion-error';
import { convert } from '../values/convert';
import { unifyUnsafe } from '../values/unify';
import type { Type } from '../values/types';
import { Value } from '../values/value';

export type Converted =
  { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly message: string };

/** cty convert.Convert, with a failure returned as its message (e.g. "a number is required"). */
export function tryConvert(v: Value, t: Type): Converted {
  try {
    return { ok: true, value: convert(v, t) };
  } catch (e) {
    if (e instanceof ConversionError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * cty convert.UnifyUnsafe (what HCL's conditional uses): a type all the given types can convert
 * to, or undefined when there is none.
 */
export function unifyTypes(types: readonly Type[]): Type | undefined {
  return unifyUnsafe(types);
}

/** Collects marks from several values (or mark sets) into one set. */
export class MarkSet {
  private readonly marks = new Set<string>();
  add(marks: Iterable<string>): void {
    for (const m of marks) this.marks.add(m);
  }
  /** Strips v's top-level marks, remembering them; returns the unmarked value. */
  take(v: Value): Value {
    const [u, m] = v.unmark();
    this.add(m);
    return u;
  }
  applyTo(v: Value): Value {
    return this.marks.size ? v.withMarks(this.marks) : v;
  }
  get size(): number {
    return this.marks.size;
  }
}

/** The value with the same top-level marks as `from` (cty WithSameMarks). */
export function withSameMarks(v: Value, from: Value): Value {
  return from.marks.size ? v.withMarks(from.marks) : v;
}
