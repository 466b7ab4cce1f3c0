/**
 * Set functions: setunion, setintersection, setproduct. Semantics follow the cty version Packer
 * links (zclconf/go-cty v1.13.x).
 */
import { convert, unifyUnsafe } from '../../values/convert';
import { equals } from '../../values/equality';
import { makeSet } from '../../values/set';
import { DynamicType, listOf, setOf, tupleOf } from '../../values/types';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError } from './function';
import type { FunctionSpec, Parameter } from './function';
import { listValue, unionMarks } from './collections-util';

type SetType = Extract<Type, { kind: 'set' }>;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The set type all arguments unify to; empty sets of unknown element type fit anything. */
function setOperationReturnType(args: readonly Value[]): Type {
  const elementTypes: Type[] = [];
  for (const arg of args) {
    if (arg.type.kind !== 'set') return DynamicType;
    const et = arg.type.element;
    if (arg.isKnown() && !arg.isNull() && arg.length() === 0 && et.kind === 'dynamic') continue;
    elementTypes.push(et);
  }
  if (elementTypes.length === 0) return setOf(DynamicType);
  const common = unifyUnsafe(elementTypes);
  if (common === undefined) throw new FunctionError('given sets must all have compatible element types');
  return setOf(common);
}

function isMember(set: readonly Value[], v: Value): boolean {
  return set.some((e) => {
    const eq = equals(e, v);
    return eq.isKnown() && eq.asBool();
  });
}

/**
 * Builds a set operation. When allowUnknowns is false (intersection), an unknown element could
 * later equal another, so the answer is unknown until every element is known.
 */
function setOperation(
  combine: (a: readonly Value[], b: readonly Value[]) => Value[],
  allowUnknowns: boolean,
): FunctionSpec {
  const param = (name: string): Parameter => ({ name, type: setOf(DynamicType), allowDynamicType: true });
  return {
    params: [param('first_set')],
    varParam: param('other_sets'),
    returnType: setOperationReturnType,
    impl: (args, returnType) => {
      let acc: Value[] = [];
      for (let i = 0; i < args.length; i++) {
        let s: Value;
        try {
          s = convert(args[i], returnType);
        } catch (e) {
          throw new FunctionArgError(i, errorMessage(e));
        }
        if (!allowUnknowns && !s.isWhollyKnown()) return Value.unknown(returnType);
        acc = i === 0 ? [...s.elements()] : combine(acc, s.elements());
      }
      return makeSet(acc, (returnType as SetType).element);
    },
  };
}

export const setunionFunction = setOperation((a, b) => [...a, ...b], true);
export const setintersectionFunction = setOperation((a, b) => a.filter((e) => isMember(b, e)), false);

/** One argument's element type for setproduct, and whether it keeps order (list or tuple). */
function productElementType(arg: Value, index: number): { type: Type; ordered: boolean } {
  const t = arg.type;
  if (t.kind === 'set') return { type: t.element, ordered: false };
  if (t.kind === 'list') return { type: t.element, ordered: true };
  if (t.kind === 'tuple') {
    if (t.elements.length === 0) return { type: DynamicType, ordered: true };
    const common = unifyUnsafe(t.elements);
    if (common === undefined) throw new FunctionArgError(index, 'all elements must be of the same type');
    return { type: common, ordered: true };
  }
  throw new FunctionArgError(index, 'a set or a list is required');
}

export const setproductFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'sets', type: DynamicType, allowMarked: true, allowUnknown: true },
  returnType: (args) => {
    if (args.length < 2) throw new FunctionError('at least two arguments are required');
    const parts = args.map(productElementType);
    const element = tupleOf(parts.map((p) => p.type));
    // Only when every input has an order is there an order worth keeping in the result.
    return parts.every((p) => p.ordered) ? listOf(element) : setOf(element);
  },
  impl: (args, returnType) => {
    const element = (returnType as Extract<Type, { kind: 'list' | 'set' }>).element as Extract<
      Type,
      { kind: 'tuple' }
    >;
    const plain = args.map((a) => a.unmark());
    const marks = unionMarks(...plain.map(([, m]) => m));
    const finish = (elements: Value[]): Value =>
      (returnType.kind === 'list' ? listValue(elements, element) : makeSet(elements, element)).withMarks(
        marks,
      );

    const lengthUnknown = plain.some(
      ([v]) => !v.isKnown() || (v.type.kind === 'set' && v.length() !== 1 && !v.isWhollyKnown()),
    );
    if (lengthUnknown) return Value.unknown(returnType).withMarks(marks);

    const inputs = plain.map(([v], j) =>
      v.elements().map((e) => {
        try {
          return convert(e, element.elements[j]);
        } catch {
          throw new FunctionError(
            `failed to convert argVals[${j}] to ${element.elements[j].kind}; this is a bug`,
          );
        }
      }),
    );
    if (inputs.some((xs) => xs.length === 0)) return finish([]);

    // Odometer order: the last argument varies fastest, as in cty.
    let rows: Value[][] = [[]];
    for (const xs of inputs) rows = rows.flatMap((row) => xs.map((x) => [...row, x]));
    return finish(rows.map((row) => Value.tuple(row)));
  },
};
