import { conversionFor } from './convert';
import type { Type } from './types';
import { DynamicType, isPrimitive, listOf, mapOf, objectOf, setOf, tupleOf, typeEquals } from './types';

/**
 * cty's convert.Unify: the single type every given type can convert to *safely*, or undefined.
 * Used where HCL needs one type from many: conditional results, tuple→list, concat, etc.
 */
export function unify(types: readonly Type[]): Type | undefined {
  return unifyInternal(types, false);
}

/** cty's convert.UnifyUnsafe: as unify, but the conversions may fail for particular values. */
export function unifyUnsafe(types: readonly Type[]): Type | undefined {
  return unifyInternal(types, true);
}

/** @internal shared with convert.ts */
export function unifyInternal(types: readonly Type[], unsafe: boolean): Type | undefined {
  if (types.length === 0) return undefined;
  const count = { map: 0, list: 0, set: 0, object: 0, tuple: 0, dynamic: 0 };
  for (const t of types) {
    if (t.kind in count) count[t.kind as keyof typeof count]++;
  }
  const n = types.length;
  const hasDyn = count.dynamic > 0;
  if (count.map > 0 && count.map + count.dynamic === n) return unifyCollections(mapOf, types, unsafe, hasDyn);
  if (count.map > 0 && count.map + count.object + count.dynamic === n) {
    const t = unifyObjectsAsMaps(types, unsafe);
    if (t?.kind === 'map') return t;
  } else if (count.list > 0 && count.list + count.dynamic === n) {
    return unifyCollections(listOf, types, unsafe, hasDyn);
  } else if (count.list > 0 && count.list + count.tuple + count.dynamic === n) {
    const t = unifyTuplesAsList(types, unsafe);
    if (t?.kind === 'list') return t;
  } else if (count.set > 0 && count.set + count.dynamic === n) {
    return unifyCollections(setOf, types, unsafe, hasDyn);
  } else if (count.object > 0 && count.object + count.dynamic === n) {
    return unifyObjects(types, unsafe, hasDyn);
  } else if (count.tuple > 0 && count.tuple + count.dynamic === n) {
    return unifyTuples(types, unsafe, hasDyn);
  } else if (count.object > 0 && count.tuple > 0) {
    return undefined;
  }

  for (const wantIdx of preferenceOrder(types)) {
    const want = types[wantIdx];
    if (types.every((t, i) => i === wantIdx || typeEquals(t, want) || conversionFor(t, want, unsafe)))
      return want;
  }
  return undefined;
}

function allConvert(types: readonly Type[], to: Type, unsafe: boolean): boolean {
  return types.every((t) => typeEquals(t, to) || conversionFor(t, to, unsafe) !== undefined);
}

function unifyCollections(
  make: (e: Type) => Type,
  types: readonly Type[],
  unsafe: boolean,
  hasDyn: boolean,
): Type | undefined {
  if (hasDyn) return DynamicType;
  const et = unifyInternal(
    types.map((t) => (t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.element : DynamicType)),
    unsafe,
  );
  if (!et) return undefined;
  const ret = make(et);
  return allConvert(types, ret, unsafe) ? ret : undefined;
}

function unifyTuplesAsList(types: readonly Type[], unsafe: boolean): Type | undefined {
  const tuples = types.filter((t) => t.kind === 'tuple');
  const lt = unifyTuplesToList(tuples, unsafe);
  if (lt?.kind !== 'list') return undefined;
  const t = unifyInternal(
    types.map((x) => (x.kind === 'tuple' ? lt : x)),
    unsafe,
  );
  return t?.kind === 'list' ? t : undefined;
}

function unifyObjectsAsMaps(types: readonly Type[], unsafe: boolean): Type | undefined {
  const objs = types.filter((t) => t.kind === 'object');
  const mt = unifyObjectsToMap(objs, unsafe);
  if (mt?.kind !== 'map') return undefined;
  const t = unifyInternal(
    types.map((x) => (x.kind === 'object' ? mt : x)),
    unsafe,
  );
  return t?.kind === 'map' ? t : undefined;
}

function unifyObjects(types: readonly Type[], unsafe: boolean, hasDyn: boolean): Type | undefined {
  if (hasDyn) return DynamicType;
  const attrsOf = (t: Type): Readonly<Record<string, Type>> => (t.kind === 'object' ? t.attributes : {});
  const first = attrsOf(types[0]);
  const firstNames = Object.keys(first);
  for (const t of types.slice(1)) {
    const names = Object.keys(attrsOf(t));
    if (names.length !== firstNames.length || names.some((k) => !(k in first)))
      return unifyObjectsToMap(types, unsafe);
  }
  const attrs: Record<string, Type> = {};
  for (const name of firstNames) {
    const u = unifyInternal(
      types.map((t) => attrsOf(t)[name]),
      unsafe,
    );
    if (!u) return undefined;
    attrs[name] = u;
  }
  const ret = objectOf(attrs);
  return allConvert(types, ret, unsafe) ? ret : unifyObjectsToMap(types, unsafe);
}

function unifyObjectsToMap(types: readonly Type[], unsafe: boolean): Type | undefined {
  const atys = types.flatMap((t) => (t.kind === 'object' ? Object.values(t.attributes) : []));
  const et = unifyInternal(atys, unsafe);
  if (!et) return undefined;
  const ret = mapOf(et);
  return allConvert(types, ret, unsafe) ? ret : undefined;
}

function unifyTuples(types: readonly Type[], unsafe: boolean, hasDyn: boolean): Type | undefined {
  if (hasDyn) return DynamicType;
  const elemsOf = (t: Type): readonly Type[] => (t.kind === 'tuple' ? t.elements : []);
  const first = elemsOf(types[0]);
  if (types.some((t) => elemsOf(t).length !== first.length)) return unifyTuplesToList(types, unsafe);
  const etys: Type[] = [];
  for (let i = 0; i < first.length; i++) {
    const u = unifyInternal(
      types.map((t) => elemsOf(t)[i]),
      unsafe,
    );
    if (!u) return undefined;
    etys.push(u);
  }
  const ret = tupleOf(etys);
  return allConvert(types, ret, unsafe) ? ret : unifyTuplesToList(types, unsafe);
}

function unifyTuplesToList(types: readonly Type[], unsafe: boolean): Type | undefined {
  const etys = types.flatMap((t) => (t.kind === 'tuple' ? t.elements : []));
  const et = unifyInternal(etys, unsafe);
  if (!et) return undefined;
  const ret = listOf(et);
  return allConvert(types, ret, unsafe) ? ret : undefined;
}

/**
 * cty's sortTypes: indices of types in order of preference as the unified type, a topological sort
 * of the "is a better supertype" relation (compareTypes), ties keeping their original order.
 */
function preferenceOrder(types: readonly Type[]): number[] {
  const n = types.length;
  const edges: number[][] = types.map(() => []);
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = compareTypes(types[i], types[j]);
      if (c < 0) edges[i].push(j);
      else if (c > 0) edges[j].push(i);
    }
  }
  const inDegree = new Array<number>(n).fill(0);
  for (const outs of edges) for (const j of outs) inDegree[j]++;
  const result: number[] = [];
  for (let i = 0; i < n; i++) if (inDegree[i] === 0) result.push(i);
  for (let q = 0; q < result.length; q++) {
    for (const j of edges[result[q]]) {
      inDegree[j]--;
      if (inDegree[j] === 0) result.push(j);
    }
  }
  return result;
}

/** Negative when a is the preferable (more general) target, positive when b is, 0 when neither. */
export function compareTypes(a: Type, b: Type): number {
  if (a.kind === 'dynamic' || b.kind === 'dynamic') {
    if (a.kind !== 'dynamic') return -1;
    if (b.kind !== 'dynamic') return 1;
    return 0;
  }
  if (isPrimitive(a) && isPrimitive(b)) {
    if (a.kind === 'string' || b.kind === 'string') {
      if (a.kind !== 'string') return 1;
      if (b.kind !== 'string') return -1;
      return 0;
    }
  }
  if (a.kind === 'list' && b.kind === 'list') return compareTypes(a.element, b.element);
  if (a.kind === 'set' && b.kind === 'set') return compareTypes(a.element, b.element);
  if (a.kind === 'map' && b.kind === 'map') return compareTypes(a.element, b.element);

  let x = a;
  let y = b;
  let swap = 1;
  if (
    (x.kind === 'tuple' && y.kind === 'list') ||
    (x.kind === 'object' && y.kind === 'map') ||
    (x.kind === 'set' && y.kind === 'tuple') ||
    (x.kind === 'set' && y.kind === 'list')
  ) {
    [x, y] = [y, x];
    swap = -1;
  }
  if (y.kind === 'set' && (x.kind === 'tuple' || x.kind === 'list')) return -1 * swap;
  if (x.kind === 'list' && y.kind === 'tuple') return -1 * swap;
  if (x.kind === 'map' && y.kind === 'object') return -1 * swap;

  if (x.kind === 'object' && y.kind === 'object') {
    const ka = Object.keys(x.attributes);
    if (ka.length !== Object.keys(y.attributes).length) return 0;
    const cmps: number[] = [];
    for (const k of ka) {
      const yt = y.attributes[k];
      if (yt === undefined) return 0;
      cmps.push(compareTypes(x.attributes[k], yt));
    }
    return superOrder(cmps) * swap;
  }
  if (x.kind === 'tuple' && y.kind === 'tuple') {
    if (x.elements.length !== y.elements.length) return 0;
    const ye = y.elements;
    return superOrder(x.elements.map((t, i) => compareTypes(t, ye[i]))) * swap;
  }
  return 0;
}

function superOrder(cmps: readonly number[]): number {
  const aSuper = cmps.some((c) => c < 0);
  const bSuper = cmps.some((c) => c > 0);
  if (aSuper && bSuper) return 0;
  if (aSuper) return -1;
  if (bSuper) return 1;
  return 0;
}
