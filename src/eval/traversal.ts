/**
 * Attribute access and indexing with HCL's rules (hcl.GetAttr, hcl.Index) and absolute/relative
 * traversals (`var.a.b[0]`). Results carry the marks of the collection and key they came from.
 */
import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { LiteralValue, Traverser } from '../hcl/syntax/ast';
import { NumberType, StringType, type Type, friendlyName } from '../values/types';
import { Value } from '../values/value';
import type { EvalContext } from './context';
import { goQuote as quote } from '../text/go-quote';
import { nameSuggestion } from '../hcl/didyoumean';
import { tryConvert, withSameMarks } from './value-ops';

export interface EvalResult {
  readonly value: Value;
  readonly diagnostics: Diagnostic[];
}

const INVALID_INDEX = 'Invalid index';
const UNSUPPORTED_ATTR = 'Unsupported attribute';
const NO_ELEMENT = 'The given key does not identify an element in this collection value';

/** The value a literal traversal key or literal expression stands for. */
export function literalValue(lit: LiteralValue): Value {
  // A template's expressions are evaluated once per build and component (thousands of times in a
  // large template); the syntax tree is immutable, and so are values, so each literal's is made once.
  let value = literals.get(lit);
  if (value === undefined) {
    value = makeLiteral(lit);
    literals.set(lit, value);
  }
  return value;
}

const literals = new WeakMap<LiteralValue, Value>();

function makeLiteral(lit: LiteralValue): Value {
  switch (lit.type) {
    case 'string':
      return Value.string(lit.value);
    case 'number':
      return Value.number(lit.value);
    case 'bool':
      return Value.bool(lit.value);
    case 'null':
      return Value.DynamicNull;
  }
}

function fail(summary: string, detail: string, range?: Range): EvalResult {
  return { value: Value.DynamicUnknown, diagnostics: [errorDiag(summary, detail, range)] };
}

function ok(value: Value): EvalResult {
  return { value, diagnostics: [] };
}

/** `obj.name`, as hcl.GetAttr. */
export function getAttr(obj: Value, name: string, range?: Range): EvalResult {
  if (obj.isNull()) {
    return fail(
      'Attempt to get attribute from null value',
      'This value is null, so it does not have any attributes.',
      range,
    );
  }
  const ty = obj.type;
  switch (ty.kind) {
    case 'object': {
      if (!Object.prototype.hasOwnProperty.call(ty.attributes, name)) {
        return fail(UNSUPPORTED_ATTR, `This object does not have an attribute named ${quote(name)}.`, range);
      }
      if (!obj.isKnown()) return ok(withSameMarks(Value.unknown(ty.attributes[name]), obj));
      return ok(withSameMarks(obj.getAttr(name) as Value, obj));
    }
    case 'map': {
      if (!obj.isKnown()) return ok(withSameMarks(Value.unknown(ty.element), obj));
      const el = obj.entries().get(name);
      if (!el) {
        return fail(
          'Missing map element',
          `This map does not have an element with the key ${quote(name)}.`,
          range,
        );
      }
      return ok(withSameMarks(el, obj));
    }
    case 'dynamic':
      return ok(withSameMarks(Value.DynamicUnknown, obj));
    case 'list':
      if (ty.element.kind === 'object') {
        const hint = Object.prototype.hasOwnProperty.call(ty.element.attributes, name)
          ? `access attribute ${quote(name)} for a specific element of the list`
          : 'access an attribute for a specific element of the list';
        return fail(
          UNSUPPORTED_ATTR,
          `Can't access attributes on a list of objects. Did you mean to ${hint}, or across all elements of the list?`,
          range,
        );
      }
      break;
    case 'set':
      if (ty.element.kind === 'object') {
        return fail(
          UNSUPPORTED_ATTR,
          "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
          range,
        );
      }
      break;
    case 'string':
    case 'number':
    case 'bool':
      return fail(
        UNSUPPORTED_ATTR,
        `Can't access attributes on a primitive-typed value (${friendlyName(ty)}).`,
        range,
      );
    default:
      break;
  }
  return fail(UNSUPPORTED_ATTR, 'This value does not have any attributes.', range);
}

/** `collection[key]`, as hcl.Index. */
export function index(collection: Value, key: Value, range?: Range): EvalResult {
  if (collection.isNull()) {
    return fail('Attempt to index null value', 'This value is null, so it does not have any indices.', range);
  }
  if (key.isNull()) return fail(INVALID_INDEX, "Can't use a null value as an indexing key.", range);
  const ty = collection.type;
  if (key.type.kind === 'dynamic' || ty.kind === 'dynamic')
    return ok(withSameMarks(Value.DynamicUnknown, collection));

  switch (ty.kind) {
    case 'list':
    case 'tuple':
      return indexSequence(collection, ty, key, range);
    case 'map':
      return indexMap(collection, ty.element, key, range);
    case 'object':
      return indexObject(collection, ty.attributes, key, range);
    case 'set':
      return fail(
        INVALID_INDEX,
        "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
        range,
      );
    default:
      return fail(INVALID_INDEX, 'This value does not have any indices.', range);
  }
}

function indexSequence(
  collection: Value,
  ty: Type & { kind: 'list' | 'tuple' },
  rawKey: Value,
  range?: Range,
): EvalResult {
  const conv = tryConvert(rawKey, NumberType);
  if (!conv.ok) return fail(INVALID_INDEX, `${NO_ELEMENT}: ${conv.message}.`, range);
  const [key, keyMarks] = conv.value.unmark();
  const [coll, collMarks] = collection.unmark();
  const marks = [...collMarks, ...keyMarks];
  if (!key.isKnown() || !coll.isKnown()) {
    // hcl.Index keeps only the collection's marks on these placeholders.
    const placeholder = ty.kind === 'tuple' ? Value.DynamicUnknown : Value.unknown(ty.element);
    return ok(withSameMarks(placeholder, collection));
  }
  const n = key.asNumber();
  const elems = coll.elements();
  if (n.isFinite() && n.isInteger() && !n.isNegative() && n.lt(elems.length)) {
    const el = elems[n.toNumber()];
    return ok(marks.length ? el.withMarks(marks) : el);
  }
  // The key's value is deliberately not shown: it might be sensitive.
  if (!n.isInteger()) {
    return fail(
      INVALID_INDEX,
      `${NO_ELEMENT}: indexing a sequence requires a whole number, but the given index has a fractional part.`,
      range,
    );
  }
  if (n.isNegative()) {
    return fail(
      INVALID_INDEX,
      `${NO_ELEMENT}: a negative number is not a valid index for a sequence.`,
      range,
    );
  }
  if (collMarks.size === 0) {
    if (elems.length === 0)
      return fail(INVALID_INDEX, `${NO_ELEMENT}: the collection has no elements.`, range);
    return fail(
      INVALID_INDEX,
      `${NO_ELEMENT}: the given index is greater than or equal to the length of the collection.`,
      range,
    );
  }
  return fail(INVALID_INDEX, `${NO_ELEMENT}.`, range);
}

function indexMap(collection: Value, elementType: Type, rawKey: Value, range?: Range): EvalResult {
  const conv = tryConvert(rawKey, StringType);
  if (!conv.ok) return fail(INVALID_INDEX, `${NO_ELEMENT}: ${conv.message}.`, range);
  const [key, keyMarks] = conv.value.unmark();
  const [coll, collMarks] = collection.unmark();
  if (!key.isKnown() || !coll.isKnown()) return ok(withSameMarks(Value.unknown(elementType), collection));
  const el = coll.entries().get(key.asString());
  if (!el) return fail(INVALID_INDEX, `${NO_ELEMENT}.`, range);
  const marks = [...collMarks, ...keyMarks];
  return ok(marks.length ? el.withMarks(marks) : el);
}

function indexObject(
  collection: Value,
  attributes: Readonly<Record<string, Type>>,
  rawKey: Value,
  range?: Range,
): EvalResult {
  const wasNumber = rawKey.type.kind === 'number';
  const conv = tryConvert(rawKey, StringType);
  if (!conv.ok) return fail(INVALID_INDEX, `${NO_ELEMENT}: ${conv.message}.`, range);
  if (!conv.value.isKnown()) return ok(withSameMarks(Value.DynamicUnknown, collection));
  const [key] = conv.value.unmark();
  const name = key.asString();
  if (!Object.prototype.hasOwnProperty.call(attributes, name)) {
    const extra = wasNumber
      ? ' An object only supports looking up attributes by name, not by numeric index.'
      : '';
    return fail(INVALID_INDEX, `${NO_ELEMENT}.${extra}`, range);
  }
  if (!collection.isKnown()) return ok(withSameMarks(Value.unknown(attributes[name]), collection));
  const [coll] = collection.unmark();
  return ok(withSameMarks(coll.getAttr(name) as Value, collection));
}

/** Applies attr/index steps in turn, stopping at the first error (hcl Traversal.TraverseRel). */
export function traverseRel(value: Value, steps: readonly Traverser[]): EvalResult {
  let current = value;
  for (const step of steps) {
    let r: EvalResult;
    if (step.kind === 'attr') r = getAttr(current, step.name, step.range);
    else if (step.kind === 'index') r = index(current, literalValue(step.key), step.range);
    else throw new Error('root traverser in a relative traversal');
    if (r.diagnostics.some((d) => d.severity === 'error'))
      return { value: Value.DynamicUnknown, diagnostics: r.diagnostics };
    current = r.value;
  }
  return ok(current);
}

/** Looks up the root name in the context chain, then applies the rest (hcl Traversal.TraverseAbs). */
export function traverseAbs(traversal: readonly Traverser[], ctx: EvalContext | undefined): EvalResult {
  const root = traversal[0];
  if (!root || root.kind !== 'root') throw new Error('absolute traversal must start with a root name');
  if (!ctx || !ctx.hasVariables()) {
    return fail('Variables not allowed', 'Variables may not be used here.', root.range);
  }
  const val = ctx.lookupVariable(root.name);
  if (val) return traverseRel(val, traversal.slice(1));
  const suggestion = nameSuggestion(root.name, ctx.variableNames());
  return fail(
    'Unknown variable',
    `There is no variable named ${quote(root.name)}.${suggestion ? ` Did you mean ${quote(suggestion)}?` : ''}`,
    root.range,
  );
}
