/**
 * cty-compatible types. Types are plain immutable data; compare them with typeEquals, never ===.
 */
export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  /** cty.DynamicPseudoType: "any" in type constraints; the type of a value whose type is not yet known. */
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'set'; readonly element: Type }
  | { readonly kind: 'map'; readonly element: Type }
  | { readonly kind: 'tuple'; readonly elements: readonly Type[] }
  | {
      readonly kind: 'object';
      readonly attributes: Readonly<Record<string, Type>>;
      /** Attribute names declared optional(...) in a type constraint; empty for ordinary object types. */
      readonly optional?: ReadonlySet<string>;
    };

export type TypeKind = Type['kind'];

// The constants and constructors keep their precise types (`{ kind: 'list'; element: { kind: 'string' } }`)
// so that component field declarations can be read by type at compile time (schema/types.ts ConfigView).
export const StringType: { readonly kind: 'string' } = Object.freeze({ kind: 'string' });
export const NumberType: { readonly kind: 'number' } = Object.freeze({ kind: 'number' });
export const BoolType: { readonly kind: 'bool' } = Object.freeze({ kind: 'bool' });
export const DynamicType: { readonly kind: 'dynamic' } = Object.freeze({ kind: 'dynamic' });

export function listOf<E extends Type>(element: E): { readonly kind: 'list'; readonly element: E } {
  return { kind: 'list', element };
}
export function setOf<E extends Type>(element: E): { readonly kind: 'set'; readonly element: E } {
  return { kind: 'set', element };
}
export function mapOf<E extends Type>(element: E): { readonly kind: 'map'; readonly element: E } {
  return { kind: 'map', element };
}
export function tupleOf(elements: readonly Type[]): Type {
  return { kind: 'tuple', elements };
}
export function objectOf<A extends Readonly<Record<string, Type>>>(
  attributes: A,
  optional?: ReadonlySet<string>,
): { readonly kind: 'object'; readonly attributes: A; readonly optional?: ReadonlySet<string> } {
  return optional && optional.size > 0
    ? { kind: 'object', attributes, optional }
    : { kind: 'object', attributes };
}
export const EmptyObjectType: Type = Object.freeze({ kind: 'object', attributes: Object.freeze({}) });
export const EmptyTupleType: Type = Object.freeze({ kind: 'tuple', elements: Object.freeze([]) });

export function isPrimitive(t: Type): boolean {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
}
export function isCollection(t: Type): t is Extract<Type, { kind: 'list' | 'set' | 'map' }> {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
}
export function isStructural(t: Type): t is Extract<Type, { kind: 'tuple' | 'object' }> {
  return t.kind === 'tuple' || t.kind === 'object';
}

export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
    case 'set':
    case 'map':
      return typeEquals(a.element, (b as typeof a).element);
    case 'tuple': {
      const be = (b as typeof a).elements;
      return a.elements.length === be.length && a.elements.every((t, i) => typeEquals(t, be[i]));
    }
    case 'object': {
      const bo = b as typeof a;
      const ak = Object.keys(a.attributes);
      const bk = Object.keys(bo.attributes);
      if (ak.length !== bk.length) return false;
      for (const k of ak) {
        if (!(k in bo.attributes) || !typeEquals(a.attributes[k], bo.attributes[k])) return false;
        if ((a.optional?.has(k) ?? false) !== (bo.optional?.has(k) ?? false)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/** True when t is or contains DynamicType anywhere. */
export function hasDynamicTypes(t: Type): boolean {
  switch (t.kind) {
    case 'dynamic':
      return true;
    case 'list':
    case 'set':
    case 'map':
      return hasDynamicTypes(t.element);
    case 'tuple':
      return t.elements.some(hasDynamicTypes);
    case 'object':
      return Object.values(t.attributes).some(hasDynamicTypes);
    default:
      return false;
  }
}

/** cty's FriendlyName, used in diagnostics: "string", "list of string", "map of number", "object", "tuple", "dynamic". */
export function friendlyName(t: Type): string {
  switch (t.kind) {
    case 'list':
      return `list of ${friendlyName(t.element)}`;
    case 'set':
      return `set of ${friendlyName(t.element)}`;
    case 'map':
      return `map of ${friendlyName(t.element)}`;
    case 'dynamic':
      return 'dynamic';
    default:
      return t.kind;
  }
}

/** cty's FriendlyNameForConstraint: as friendlyName but DynamicType reads "any type". */
export function friendlyNameForConstraint(t: Type): string {
  switch (t.kind) {
    case 'list':
      return `list of ${friendlyNameForConstraint(t.element)}`;
    case 'set':
      return `set of ${friendlyNameForConstraint(t.element)}`;
    case 'map':
      return `map of ${friendlyNameForConstraint(t.element)}`;
    case 'dynamic':
      return 'any type';
    default:
      return t.kind;
  }
}

/** The type as an HCL type expression: `list(string)`, `object({a=number})`, `any`. */
export function typeString(t: Type): string {
  switch (t.kind) {
    case 'dynamic':
      return 'any';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeString(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeString).join(', ')}])`;
    case 'object': {
      const keys = Object.keys(t.attributes).sort();
      return `object({${keys
        .map(
          (k) =>
            `${k}=${t.optional?.has(k) ? `optional(${typeString(t.attributes[k])})` : typeString(t.attributes[k])}`,
        )
        .join(', ')}})`;
    }
    default:
      return t.kind;
  }
}
