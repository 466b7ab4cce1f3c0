import { convert } from '../../values/convert';
import { ConversionError } from '../../values/conversion-error';
import { Num, num } from '../../values/number';
import { DynamicType, NumberType, friendlyName } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionArgError, FunctionError, type FunctionSpec } from './function';
import { registerFamily } from './index';
import { goFloat64, goInt } from './support/go-int';
import { goQuote } from '../../text/go-quote';

/**
 * Numeric functions: cty's stdlib number functions plus Packer's own sum(). Numbers are exact
 * decimals here; log() and pow() go through float64 exactly as cty does (gocty → math.Log/math.Pow →
 * cty.NumberFloatVal), so their results carry float64 precision and print as Go prints them.
 */

const numParam = { name: 'num', type: NumberType } as const;

/** A float64 result turned back into a number, as cty.NumberFloatVal (which panics on NaN). */
function fromFloat(f: number): Value {
  // cty turns the big.Float panic into this error (followed by a Go stack trace Kiln has no use for).
  if (Number.isNaN(f)) throw new FunctionError('panic in function implementation: Float.SetFloat64(NaN)');
  // Number → string → decimal gives the shortest digits that identify the float64, as Go prints it.
  return Value.number(num(f));
}

const absFunc: FunctionSpec = {
  description:
    'If the given number is negative then returns its positive equivalent, or otherwise returns the given number unchanged.',
  params: [{ ...numParam, allowDynamicType: true, allowMarked: true }],
  returnType: () => NumberType,
  impl: (args) => {
    // Marks are allowed through, so keep them on the result ourselves.
    const [v, marks] = args[0].unmark();
    return Value.number(v.asNumber().abs()).withMarks(marks);
  },
};

const ceilFunc: FunctionSpec = {
  description: 'Returns the smallest whole number that is greater than or equal to the given value.',
  params: [numParam],
  returnType: () => NumberType,
  impl: (args) => Value.number(args[0].asNumber().ceil()),
};

const floorFunc: FunctionSpec = {
  description: 'Returns the greatest whole number that is less than or equal to the given value.',
  params: [numParam],
  returnType: () => NumberType,
  impl: (args) => Value.number(args[0].asNumber().floor()),
};

const logFunc: FunctionSpec = {
  description: 'Returns the logarithm of the given number in the given base.',
  params: [numParam, { name: 'base', type: NumberType }],
  returnType: () => NumberType,
  impl: (args) => fromFloat(Math.log(goFloat64(args[0])) / Math.log(goFloat64(args[1]))),
};

const powFunc: FunctionSpec = {
  description: 'Returns the given number raised to the given power (exponentiation).',
  params: [numParam, { name: 'power', type: NumberType }],
  returnType: () => NumberType,
  impl: (args) => fromFloat(goPow(goFloat64(args[0]), goFloat64(args[1]))),
};

/** Go's math.Pow differs from JavaScript's ** in a few special cases (1 ** ±Inf, -1 ** ±Inf). */
function goPow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && !Number.isFinite(y)) return 1;
  return Math.pow(x, y);
}

const signumFunc: FunctionSpec = {
  description:
    'Returns 0 if the given number is zero, 1 if the given number is positive, or -1 if the given number is negative.',
  params: [numParam],
  returnType: () => NumberType,
  impl: (args) => {
    // cty converts to a Go int first, so fractions are rejected rather than signed.
    const n = goInt(args[0]);
    return Value.number(n < 0n ? -1 : n > 0n ? 1 : 0);
  },
};

function extremum(pick: (candidate: Num, best: Num) => boolean): FunctionSpec {
  return {
    params: [],
    varParam: { name: 'numbers', type: NumberType, allowDynamicType: true },
    returnType: () => NumberType,
    impl: (args) => {
      if (args.length === 0) throw new FunctionError('must pass at least one number');
      let best = args[0];
      for (const v of args.slice(1)) if (pick(v.asNumber(), best.asNumber())) best = v;
      return best;
    },
  };
}

const minFunc: FunctionSpec = {
  ...extremum((c, b) => c.lessThan(b)),
  description: 'Returns the numerically smallest of all of the given numbers.',
};
const maxFunc: FunctionSpec = {
  ...extremum((c, b) => c.greaterThan(b)),
  description: 'Returns the numerically greatest of all of the given numbers.',
};

const DIGITS_62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Go's big.Int SetString for an explicit base: optional sign, then digits, with underscores not
 * allowed (base ≠ 0). For bases up to 36 letters are case-insensitive; above 36 lower case comes
 * before upper case.
 */
function parseBigInt(s: string, base: number): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return undefined;
  const b = BigInt(base);
  let acc = 0n;
  for (; i < s.length; i++) {
    let ch = s[i];
    if (base <= 36) ch = ch.toLowerCase();
    const d = DIGITS_62.indexOf(ch);
    if (d < 0 || d >= base) return undefined;
    acc = acc * b + BigInt(d);
  }
  return neg ? -acc : acc;
}

const parseIntFunc: FunctionSpec = {
  description:
    'Parses the given string as a number of the given base, or raises an error if the string contains invalid characters.',
  params: [
    { name: 'number', type: DynamicType },
    { name: 'base', type: NumberType },
  ],
  returnType: (args) => {
    if (args[0].type.kind !== 'string') {
      throw new FunctionArgError(0, `first argument must be a string, not ${friendlyName(args[0].type)}`);
    }
    return NumberType;
  },
  impl: (args) => {
    const str = args[0].asString();
    let base: bigint;
    try {
      base = goInt(args[1]);
    } catch (e) {
      throw new FunctionArgError(1, (e as Error).message);
    }
    if (base < 2n || base > 62n) {
      throw new FunctionArgError(1, 'base must be a whole number between 2 and 62 inclusive');
    }
    const parsed = parseBigInt(str, Number(base));
    if (parsed === undefined) {
      throw new FunctionArgError(0, `cannot parse ${goQuote(str)} as a base ${base} integer`);
    }
    return Value.number(num(parsed.toString()));
  },
};

const NOT_NUMBERS = 'argument must be list, set, or tuple of number values';

/** Packer's sum(): adds the elements of a list, set or tuple, converting each to a number. */
const sumFunc: FunctionSpec = {
  params: [{ name: 'list', type: DynamicType }],
  returnType: () => NumberType,
  impl: (args) => {
    const list = args[0];
    const kind = list.type.kind;
    if (kind !== 'list' && kind !== 'set' && kind !== 'tuple' && kind !== 'map' && kind !== 'object') {
      throw new FunctionArgError(0, 'cannot sum noniterable');
    }
    if (list.length() === 0) throw new FunctionArgError(0, 'cannot sum an empty list');
    if (kind === 'map' || kind === 'object') {
      throw new FunctionArgError(
        0,
        `argument must be list, set, or tuple. Received ${friendlyName(list.type)}`,
      );
    }
    if (!list.isWhollyKnown()) return Value.unknown(NumberType);
    let total: Num | undefined;
    for (const e of list.elements()) {
      if (e.isNull()) throw new FunctionArgError(0, NOT_NUMBERS);
      let n: Num;
      try {
        n = convert(e, NumberType).asNumber();
      } catch (err) {
        if (err instanceof ConversionError) throw new FunctionArgError(0, NOT_NUMBERS);
        throw err;
      }
      if (total === undefined) total = n;
      else {
        const next = total.plus(n);
        if (next.isNaN()) throw new FunctionError("can't compute sum of opposing infinities");
        total = next;
      }
    }
    return Value.number(total as Num);
  },
};

registerFamily((table) => {
  table.set('abs', absFunc);
  table.set('ceil', ceilFunc);
  table.set('floor', floorFunc);
  table.set('log', logFunc);
  table.set('max', maxFunc);
  table.set('min', minFunc);
  table.set('parseint', parseIntFunc);
  table.set('pow', powFunc);
  table.set('signum', signumFunc);
  table.set('sum', sumFunc);
});
