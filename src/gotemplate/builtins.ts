import { type ArgValue, FunctionFailure, type TemplateFunction } from './function-table';
import { goSprint, goSprintf, goSprintln } from './go-fmt';
import {
  GoData,
  GoUint8,
  type GoValue,
  NO_VALUE,
  formatValue,
  goLen,
  goTypeName,
  indirectTypeName,
  isTrue,
} from './values';

/**
 * The functions every Go template has (text/template's builtins), which Packer templates may call
 * too: and, or, not, len, index, slice, call, print, printf, println, html, js, urlquery and the
 * comparisons eq, ne, lt, le, gt, ge, with Go's results and error messages.
 */

function fail(message: string): never {
  throw new FunctionFailure(message);
}

/** Go's basicKind classes; undefined for maps, structs and invalid values. */
type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string';

function kindOf(v: ArgValue): Kind | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof GoUint8) return 'uint';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return undefined;
}

function intOf(v: ArgValue): bigint {
  return v instanceof GoUint8 ? BigInt(v.value) : (v as bigint);
}

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

function eq(a: ArgValue, others: readonly ArgValue[]): boolean {
  if (others.length === 0) fail('missing argument for comparison');
  const k1 = kindOf(a);
  for (const b of others) {
    const k2 = kindOf(b);
    let truth: boolean;
    if (k1 !== k2) {
      const mixedInts = (k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int');
      if (mixedInts) truth = intOf(a) === intOf(b);
      else if (a !== NO_VALUE && b !== NO_VALUE) fail(INCOMPATIBLE);
      else truth = false;
    } else if (k1 === 'uint') {
      truth = intOf(a) === intOf(b);
    } else if (k1 !== undefined) {
      truth = a === b;
    } else if (a === NO_VALUE || b === NO_VALUE) {
      truth = a === b;
    } else {
      fail(`non-comparable type ${formatValue(b as GoValue)}: ${goTypeName(b as GoValue)}`);
    }
    if (truth) return true;
  }
  return false;
}

function lt(a: ArgValue, b: ArgValue): boolean {
  const k1 = kindOf(a);
  const k2 = kindOf(b);
  if (k1 === undefined || k2 === undefined) fail(BAD_TYPE);
  if (k1 !== k2) {
    const mixedInts = (k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int');
    if (!mixedInts) fail(INCOMPATIBLE);
    return intOf(a) < intOf(b);
  }
  if (k1 === 'bool') fail(BAD_TYPE);
  if (k1 === 'string') return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  if (k1 === 'float') return (a as number) < (b as number);
  return intOf(a) < intOf(b);
}

/** Go's indexArg: an index that must be an integer within [0, cap]. */
function indexArg(index: ArgValue, cap: number): number {
  let x: bigint;
  if (typeof index === 'bigint' || index instanceof GoUint8) x = intOf(index);
  else if (index === NO_VALUE || index === null) fail('cannot index slice/array with nil');
  else fail(`cannot index slice/array with type ${goTypeName(index)}`);
  if (x < 0n || x > BigInt(cap)) fail(`index out of range: ${x}`);
  return Number(x);
}

function index(item: ArgValue, indexes: readonly ArgValue[]): GoValue {
  if (item === NO_VALUE || item === null) fail('index of untyped nil');
  let cur: GoValue = item;
  for (const ix of indexes) {
    if (typeof cur === 'string') {
      const bytes: Buffer = Buffer.from(cur, 'utf8');
      const x = indexArg(ix, bytes.length);
      if (x >= bytes.length) fail('reflect: string index out of range');
      cur = new GoUint8(bytes[x]);
    } else if (cur instanceof GoData && cur.structType === undefined) {
      if (ix === NO_VALUE || ix === null) fail('value is nil; should be of type string');
      if (typeof ix !== 'string') fail(`value has type ${goTypeName(ix)}; should be string`);
      cur = cur.get(ix) ?? NO_VALUE;
    } else {
      fail(`can't index item of type ${indirectTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: ArgValue, indexes: readonly ArgValue[]): GoValue {
  if (item === NO_VALUE || item === null) fail('slice of untyped nil');
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
  if (typeof item !== 'string') fail(`can't slice item of type ${goTypeName(item)}`);
  if (indexes.length === 3) fail('cannot 3-index slice a string');
  const bytes = Buffer.from(item, 'utf8');
  const idx = [0, bytes.length];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, bytes.length)));
  if (idx[0] > idx[1]) fail(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  return bytes.subarray(idx[0], idx[1]).toString('utf8');
}

function length(item: ArgValue): GoValue {
  if (typeof item === 'string') return BigInt(goLen(item));
  if (item instanceof GoData && item.structType === undefined) return BigInt(Object.keys(item.fields).length);
  if (item === NO_VALUE || item === null) fail('reflect: call of reflect.Value.Type on zero Value');
  fail(`len of type ${indirectTypeName(item)}`);
}

/** The text/template evalArgs: one string argument as it is, anything else through fmt.Sprint. */
function escaperInput(args: readonly ArgValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return goSprint(args.map((a) => (a === null ? NO_VALUE : a)));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]);
}

const JS_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/** unicode.IsPrint for non-ASCII characters. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch in JS_ESCAPES) out += JS_ESCAPES[ch];
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp < 0x80 || PRINTABLE.test(ch)) out += ch;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const VALUE = 'value' as const;

export const BUILTINS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  // and/or are evaluated lazily by the executor; these entries give their signatures.
  ['and', { params: [VALUE], variadic: VALUE, impl: () => NO_VALUE }],
  ['or', { params: [VALUE], variadic: VALUE, impl: () => NO_VALUE }],
  ['not', { params: [VALUE], impl: ([a]) => !isTrue(a as GoValue) }],
  ['len', { params: [VALUE], impl: ([a]) => length(a) }],
  ['index', { params: [VALUE], variadic: VALUE, impl: ([item, ...ix]) => index(item, ix) }],
  ['slice', { params: [VALUE], variadic: VALUE, impl: ([item, ...ix]) => slice(item, ix) }],
  [
    'call',
    {
      params: [VALUE],
      variadic: VALUE,
      impl: ([fn]) => {
        if (fn === NO_VALUE || fn === null) fail('call of nil');
        fail(`non-function of type ${goTypeName(fn)}`);
      },
    },
  ],
  ['print', { params: [], variadic: 'any', impl: (args) => goSprint(args) }],
  ['println', { params: [], variadic: 'any', impl: (args) => goSprintln(args) }],
  ['printf', { params: ['string'], variadic: 'any', impl: ([f, ...args]) => goSprintf(f as string, args) }],
  ['html', { params: [], variadic: 'any', impl: (args) => htmlEscape(escaperInput(args)) }],
  ['js', { params: [], variadic: 'any', impl: (args) => jsEscape(escaperInput(args)) }],
  ['urlquery', { params: [], variadic: 'any', impl: (args) => queryEscape(escaperInput(args)) }],
  ['eq', { params: [VALUE], variadic: VALUE, impl: ([a, ...rest]) => eq(a, rest) }],
  ['ne', { params: [VALUE, VALUE], impl: ([a, b]) => !eq(a, [b]) }],
  ['lt', { params: [VALUE, VALUE], impl: ([a, b]) => lt(a, b) }],
  ['le', { params: [VALUE, VALUE], impl: ([a, b]) => lt(a, b) || eq(a, [b]) }],
  ['gt', { params: [VALUE, VALUE], impl: ([a, b]) => !(lt(a, b) || eq(a, [b])) }],
  ['ge', { params: [VALUE, VALUE], impl: ([a, b]) => !lt(a, b) }],
]);
