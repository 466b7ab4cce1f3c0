import type { Type } from './types';
import { listOf, mapOf, objectOf, setOf, tupleOf } from './types';

/**
 * cty's WithoutOptionalAttributesDeep: the same type with every optional-attribute marker removed.
 * A type without any marker is returned as it is (no copy): conversions call this for every value.
 */
export function withoutOptionalAttributesDeep(t: Type): Type {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map': {
      const element = withoutOptionalAttributesDeep(t.element);
      if (element === t.element) return t;
      return t.kind === 'list' ? listOf(element) : t.kind === 'set' ? setOf(element) : mapOf(element);
    }
    case 'tuple': {
      const elements = t.elements.map(withoutOptionalAttributesDeep);
      return elements.every((e, i) => e === t.elements[i]) ? t : tupleOf(elements);
    }
    case 'object': {
      const attrs: Record<string, Type> = {};
      let changed = (t.optional?.size ?? 0) > 0;
      for (const [k, at] of Object.entries(t.attributes)) {
        attrs[k] = withoutOptionalAttributesDeep(at);
        if (attrs[k] !== at) changed = true;
      }
      return changed ? objectOf(attrs) : t;
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
