import { num } from '../values/number';
import { floatText } from '../eval/functions/support/go-fmt-number';

/**
 * The Go values a Packer template can meet, with Go's type names and fmt's %v printing: strings,
 * ints (bigint), float64s (number), bools, uint8s (from `index` on a string), the data Packer
 * passes (a map or a struct) and reflect's invalid value, which prints as `<no value>`.
 */

/** Go's invalid reflect.Value: a missing map entry, or nil data. */
export const NO_VALUE: unique symbol = Symbol('no value');

/** A byte taken out of a string by `index`. */
export class GoUint8 {
  constructor(readonly value: number) {}
}

/** Packer's template data: a `map[string]interface {}` unless it has a struct's type name. */
export class GoData {
  constructor(
    readonly fields: Readonly<Record<string, GoValue>>,
    /** Set for struct data, e.g. `*shell.ExecuteCommandTemplate`. */
    readonly structType?: string,
  ) {}

  get(name: string): GoValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
  }
}

export type GoValue = string | bigint | number | boolean | GoUint8 | GoData | typeof NO_VALUE;

export const MAP_TYPE = 'map[string]interface {}';

/** A data value as Go holds it: whole numbers are ints, others float64s. */
export function fromData(v: string | number | boolean | Readonly<Record<string, string>>): GoValue {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'object') return new GoData({ ...v });
  return v;
}

/** The type after Go's indirect(): what len and index name for struct data. */
export function indirectTypeName(v: GoValue): string {
  return goTypeName(v).replace(/^\*/, '');
}

export function goTypeName(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoUint8) return 'uint8';
  if (v instanceof GoData) return v.structType ?? MAP_TYPE;
  return '<nil>';
}

/** fmt's %v of a float64 (%g with the shortest digits): 100000, 1e+06, 1.5, 1e-05. */
export function formatFloat64(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (Object.is(f, -0)) return '-0';
  return floatText(num(f), 'g', -1);
}

/** fmt.Sprint of one value (%v). */
export function formatValue(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatFloat64(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoUint8) return String(v.value);
  if (v instanceof GoData) {
    const keys = Object.keys(v.fields);
    // Struct data is a pointer, which text/template dereferences before printing.
    if (v.structType !== undefined) return `{${keys.map((k) => formatValue(v.fields[k])).join(' ')}}`;
    // fmt prints map entries in key order.
    const sorted = keys.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)) as number) || 0);
    return `map[${sorted.map((k) => `${k}:${formatValue(v.fields[k])}`).join(' ')}]`;
  }
  return '<no value>';
}

/** text/template's isTrue: empty strings, zeros, false and missing values are false. */
export function isTrue(v: GoValue): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (v instanceof GoUint8) return v.value !== 0;
  if (v instanceof GoData) return v.structType !== undefined || Object.keys(v.fields).length > 0;
  return false;
}

/** Length of a Go string: its UTF-8 bytes. */
export function goLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
