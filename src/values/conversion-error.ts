import type { Value } from './value';

/** One step into a value: an index (list/tuple/set position or map key) or an object attribute. */
export type PathStep =
  { readonly kind: 'index'; readonly key: Value } | { readonly kind: 'attr'; readonly name: string };
export type Path = readonly PathStep[];

/**
 * A failed conversion (cty's convert errors, which are cty.PathError values). `message` is cty's
 * wording exactly ("a number is required", "list of string required", ...); `path` says where in
 * the value the problem is, for callers that want to say "element 1" or point at an attribute.
 */
export class ConversionError extends Error {
  constructor(
    message: string,
    readonly path: Path = [],
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

/** Helper to type-narrow a caught value. */
export function isConversionError(e: unknown): e is ConversionError {
  return e instanceof ConversionError;
}
