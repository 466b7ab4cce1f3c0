import { ConversionError } from './conversion-error';
import { convert } from './convert';
import { makeSet } from './set';
import type { Type } from './types';
import { unifyUnsafe } from './unify';
import { Value } from './value';

/**
 * Default values for optional object attributes, shaped like the type they came from (hcl's
 * typeexpr.Defaults). `children` is keyed by attribute name (objects), element index as a string
 * (tuples) or "" (every element of a list, set or map).
 */
export interface TypeDefaults {
  readonly type: Type;
  readonly defaultValues?: ReadonlyMap<string, Value>;
  readonly children?: ReadonlyMap<string, TypeDefaults>;
}

/**
 * typeexpr.Defaults.Apply: fills null or missing optional attributes with their defaults, at every
 * depth. Apply it to a value *before* converting it to the constraint type: missing attributes are
 * added here, and collections whose elements end up with differing types are re-unified.
 */
export function applyDefaults(v: Value, d: TypeDefaults): Value {
  if (!v.isKnown() || v.isNull()) return v;
  if (!d.defaultValues?.size && !d.children?.size) return v;
  const [u, marks] = v.unmark();
  const kind = u.type.kind;
  let out: Value = u;
  if (kind === 'set' || kind === 'list' || kind === 'tuple') {
    const values = u.elements().map((e, i) => {
      const child = childFor(d, i);
      return child ? applyDefaults(e, child) : e;
    });
    const elementType = kind === 'tuple' ? undefined : (u.type as { element: Type }).element;
    if (kind === 'set' && values.length === 0) out = makeSet([], elementType);
    else if (kind === 'list' && values.length === 0) out = Value.list([], elementType);
    else {
      const unified = kind === 'tuple' ? undefined : unifyValues(values);
      if (unified && kind === 'set') out = makeSet(unified);
      else if (unified && kind === 'list') out = Value.list(unified);
      else out = Value.tuple(values);
    }
  } else if (kind === 'object' || kind === 'map') {
    const values = new Map<string, Value>();
    for (const [k, e] of u.entries()) {
      const child = childFor(d, k);
      values.set(k, child ? applyDefaults(e, child) : e);
    }
    for (const [k, dv] of d.defaultValues ?? []) {
      const cur = values.get(k);
      if (cur === undefined || cur.isNull()) {
        const child = d.children?.get(k);
        values.set(k, child ? applyDefaults(dv, child) : dv);
      }
    }
    if (kind === 'map' && values.size === 0) out = Value.map(values, (u.type as { element: Type }).element);
    else {
      const keys = [...values.keys()].sort();
      const unified = kind === 'map' ? unifyValues(keys.map((k) => values.get(k) as Value)) : undefined;
      out = unified ? Value.map(new Map(keys.map((k, i) => [k, unified[i]]))) : Value.object(values);
    }
  }
  return out.withMarks(marks);
}

/** hcl's getChild: tuples by index, objects by attribute name, everything else through "". */
function childFor(d: TypeDefaults, key: number | string): TypeDefaults | undefined {
  if (typeof key === 'number' && d.type.kind === 'tuple') return d.children?.get(String(key));
  if (typeof key === 'string' && d.type.kind === 'object') return d.children?.get(key);
  return d.children?.get('');
}

function unifyValues(values: readonly Value[]): Value[] | undefined {
  const t = unifyUnsafe(values.map((v) => v.type));
  if (!t) return undefined;
  try {
    return values.map((v) => convert(v, t));
  } catch (e) {
    if (e instanceof ConversionError) return undefined;
    throw e;
  }
}
