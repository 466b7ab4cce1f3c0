import type { Type } from './types';
import { listOf, mapOf, objectOf, setOf, tupleOf } from './types';

/** cty's WithoutOptionalAttributesDeep: the same type with every optional-attribute marker removed. */
export function withoutOptionalAttributesDeep(t: Type): Type {
  switch (t.kind) {
    case 'list':
      return listOf(withoutOptionalAttributesDeep(t.element));
    case 'set':
      return setOf(withoutOptionalAttributesDeep(t.element));
    case 'map':
      return mapOf(withoutOptionalAttributesDeep(t.element));
    case 'tuple':
      return tupleOf(t.elements.map(withoutOptionalAttributesDeep));
    case 'object': {
      const attrs: Record<string, Type> = {};
      for (const [k, at] of Object.entries(t.attributes)) attrs[k] = withoutOptionalAttributesDeep(at);
      return objectOf(attrs);
    }
    default:
      return t;
  }
}

export function isOptionalAttribute(t: Type, name: string): boolean {
  return t.kind === 'object' && (t.optional?.has(name) ?? false);
}

/** Element type of a list, set or map (caller checks the kind). */
export function elementTypeOf(t: Type): Type {
  if (t.kind === 'list' || t.kind === 'set' || t.kind === 'map') return t.element;
  throw new Error(`elementTypeOf(${t.kind})`);
}
