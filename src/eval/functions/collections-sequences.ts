/**
 * Collection functions that build a new sequence: concat, flatten, range, reverse, slice.
 * Semantics follow the cty version Packer links (zclconf/go-cty v1.13.x).
 */
import { convert, unifyUnsafe } from '../../values/convert';
import { Num } from '../../values/number';
import { DynamicType, NumberType, friendlyName, listOf, tupleOf } from '../../values/types';
import type { Type } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError } from './function';
import type { FunctionSpec } from './function';
import { WHOLE_NUMBER_MESSAGE, toGoInt } from '../../values/go-int';
import { listValue, unionMarks } from './collections-util';

type ListType = Extract<Type, { kind: 'list' }>;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const concatFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'seqs', type: DynamicType, allowMarked: true },
  returnType: (args) => {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    // All lists with a common element type concatenate to a list; anything else becomes a tuple.
    if (args.every((a) => a.type.kind === 'list')) {
      const common = unifyUnsafe(args.map((a) => a.type));
      if (common !== undefined) return common;
    }
    const elementTypes: Type[] = [];
    for (let i = 0; i < args.length; i++) {
      const [v] = args[i].unmarkDeep();
      const t = v.type;
      if (t.kind === 'tuple') elementTypes.push(...t.elements);
      else if (t.kind === 'list') {
        // The tuple type needs one element type per list element, so the length must be known.
        if (!v.isKnown()) return DynamicType;
        for (let j = 0; j < v.length(); j++) elementTypes.push(t.element);
      } else {
        throw new FunctionArgError(i, `all arguments must be lists or tuples; got ${friendlyName(t)}`);
      }
    }
    return tupleOf(elementTypes);
  },
  impl: (args, returnType) => {
    const values: Value[] = [];
    const marks: ReadonlySet<string>[] = [];
    args.forEach((arg, i) => {
      let seq = arg;
      if (returnType.kind === 'list') {
        try {
          seq = convert(arg, returnType);
        } catch (e) {
          throw new FunctionArgError(i, errorMessage(e));
        }
      }
      const [plain, m] = seq.unmark();
      marks.push(m);
      values.push(...plain.elements());
    });
    const result =
      returnType.kind === 'list' ? listValue(values, (returnType as ListType).element) : Value.tuple(values);
    return result.withMarks(unionMarks(...marks));
  },
};

/**
 * Flattens nested lists, sets and tuples. known=false when an unknown nested sequence (or a value of
 * unknown type, which might be one) means the result's length or type cannot be predicted.
 */
function flattenValue(v: Value): { out: Value[]; marks: Set<string>; known: boolean } {
  const [seq, topMarks] = v.unmark();
  const marks = new Set(topMarks);
  if (!seq.isKnown()) return { out: [], marks, known: false };
  if (seq.type.kind === 'set' && seq.length() !== 1 && !seq.isWhollyKnown())
    return { out: [], marks, known: false };
  const out: Value[] = [];
  let known = true;
  for (const e of seq.elements()) {
    if (e.type.kind === 'dynamic' && !e.isKnown() && !e.isMarked()) known = false;
    const k = e.type.kind;
    if (!e.isNull() && (k === 'list' || k === 'set' || k === 'tuple')) {
      if (!e.isKnown()) {
        known = false;
        for (const m of e.marks) marks.add(m);
        continue;
      }
      const inner = flattenValue(e);
      for (const m of inner.marks) marks.add(m);
      if (inner.known) out.push(...inner.out);
      else known = false;
    } else {
      out.push(e);
    }
  }
  return { out, marks, known };
}

export const flattenFunction: FunctionSpec = {
  params: [{ name: 'list', type: DynamicType, allowMarked: true }],
  returnType: ([list]) => {
    if (!list.isWhollyKnown()) return DynamicType;
    const k = list.type.kind;
    if (k !== 'list' && k !== 'set' && k !== 'tuple') {
      throw new FunctionError('can only flatten lists, sets and tuples');
    }
    const { out, known } = flattenValue(list);
    return known ? tupleOf(out.map((v) => v.type)) : DynamicType;
  },
  impl: ([list], returnType) => {
    const [plain, topMarks] = list.unmark();
    if (plain.isKnown() && plain.length() === 0) return Value.tuple([]).withMarks(topMarks);
    const { out, marks, known } = flattenValue(list);
    if (!known) return Value.unknown(returnType).withMarks(marks);
    return Value.tuple(out).withMarks(marks);
  },
};

const MAX_RANGE_VALUES = 1024;

/**
 * range(end), range(start, end), range(start, end, step). A zero step is not rejected: cty's
 * zero check compares value identity and never fires for a computed argument, so Packer reports the
 * 1024-value limit (or an empty list when start equals end) instead; we keep that observable behaviour.
 */
export const rangeFunction: FunctionSpec = {
  params: [],
  varParam: { name: 'params', type: NumberType },
  returnType: () => listOf(NumberType),
  impl: (args) => {
    const nums = args.map((a) => a.asNumber());
    let start: Num;
    let end: Num;
    let step: Num;
    switch (nums.length) {
      case 1:
        [start, end, step] = [new Num(0), nums[0], new Num(nums[0].lt(0) ? -1 : 1)];
        break;
      case 2:
        [start, end, step] = [nums[0], nums[1], new Num(nums[1].lt(nums[0]) ? -1 : 1)];
        break;
      case 3:
        [start, end, step] = [nums[0], nums[1], nums[2]];
        break;
      default:
        throw new FunctionError('must have one, two, or three arguments');
    }
    const down = step.lt(0);
    if (down && end.gt(start)) {
      throw new FunctionArgError(1, 'end must be less than start when step is negative');
    }
    if (!down && end.lt(start)) {
      throw new FunctionArgError(1, 'end must be greater than start when step is positive');
    }
    const values: Value[] = [];
    for (let n = start; down ? n.gt(end) : n.lt(end); n = n.plus(step)) {
      if (values.length >= MAX_RANGE_VALUES) {
        throw new FunctionError(
          'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
        );
      }
      values.push(Value.number(n));
    }
    return listValue(values, NumberType);
  },
};

export const reverseFunction: FunctionSpec = {
  params: [{ name: 'list', type: DynamicType, allowMarked: true }],
  returnType: ([list]) => {
    const t = list.type;
    if (t.kind === 'tuple') return tupleOf([...t.elements].reverse());
    // Sets are accepted and read in their set order, as if converted to a list first.
    if (t.kind === 'list' || t.kind === 'set') return listOf(t.element);
    throw new FunctionArgError(0, `can only reverse list or tuple values, not ${friendlyName(t)}`);
  },
  impl: ([list], returnType) => {
    const [plain, marks] = list.unmark();
    const reversed = [...plain.elements()].reverse();
    const result =
      returnType.kind === 'tuple'
        ? Value.tuple(reversed)
        : listValue(reversed, (returnType as ListType).element);
    return result.withMarks(marks);
  },
};

interface SliceBounds {
  readonly start: number;
  readonly end: number;
  readonly known: boolean;
}

/** cty's slice index validation, usable before the indices (or the list length) are known. */
function sliceBounds(list: Value, startArg: Value, endArg: Value): SliceBounds {
  const plain = list.unmark()[0];
  const length =
    plain.type.kind === 'tuple' ? plain.type.elements.length : plain.isKnown() ? plain.length() : undefined;
  const check = (arg: Value, argIndex: number, which: 'start' | 'end'): number | undefined => {
    const v = arg.unmark()[0];
    if (!v.isKnown()) return undefined;
    const i = toGoInt(v.asNumber());
    if (i === undefined)
      throw new FunctionArgError(argIndex, `invalid ${which} index: ${WHOLE_NUMBER_MESSAGE}`);
    if (i < 0n) throw new FunctionArgError(argIndex, `${which} index must not be less than zero`);
    if (length !== undefined && i > BigInt(length)) {
      throw new FunctionArgError(argIndex, `${which} index must not be greater than the length of the list`);
    }
    return Number(i);
  };
  const start = check(startArg, 1, 'start');
  const end = check(endArg, 2, 'end');
  if (start !== undefined && end !== undefined && start > end) {
    throw new FunctionArgError(1, 'start index must not be greater than end index');
  }
  return { start: start ?? 0, end: end ?? 0, known: start !== undefined && end !== undefined };
}

export const sliceFunction: FunctionSpec = {
  params: [
    { name: 'list', type: DynamicType, allowMarked: true },
    { name: 'start_index', type: NumberType },
    { name: 'end_index', type: NumberType },
  ],
  returnType: ([list, start, end]) => {
    const t = list.type;
    if (t.kind === 'set') {
      throw new FunctionArgError(
        0,
        'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important',
      );
    }
    if (t.kind !== 'list' && t.kind !== 'tuple')
      throw new FunctionArgError(0, 'must be a list or tuple value');
    const bounds = sliceBounds(list, start, end);
    if (t.kind === 'list') return t;
    // A tuple slice's type depends on which elements it keeps.
    if (!bounds.known) return DynamicType;
    return tupleOf(t.elements.slice(bounds.start, bounds.end));
  },
  impl: ([list, start, end], returnType) => {
    const [plain, marks] = list.unmark();
    if (returnType.kind === 'dynamic') return Value.DynamicUnknown.withMarks(marks);
    const bounds = sliceBounds(list, start, end);
    const kept = plain.elements().slice(bounds.start, bounds.end);
    if (returnType.kind === 'tuple') {
      return Value.tuple(kept).withMarks(marks);
    }
    return listValue(kept, (returnType as ListType).element).withMarks(marks);
  },
};
