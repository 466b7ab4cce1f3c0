import type { JsonObject, JsonProperty, JsonValue } from '../hcl/json/ast';
import { parseGoDuration } from '../text/go-duration';
import { goFloatG } from '../values/render';

/**
 * Reading the values of a legacy JSON template the way Packer's template package does: it decodes
 * the document with mapstructure, strictly for most fields and "weakly" (numbers and bools become
 * strings, a single value becomes a list) for builders and provisioners. The problems are in
 * mapstructure's words, because that is what Packer prints.
 */

export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

/** The Go type encoding/json gives a value when decoding into interface{}. */
export function goTypeName(v: JsonValue): string {
  switch (v.kind) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bool':
      return 'bool';
    case 'array':
      return '[]interface {}';
    case 'object':
      return 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

/** reflect.Kind of that Go value, as mapstructure names it in "got <kind>". */
export function goKindName(v: JsonValue): string {
  switch (v.kind) {
    case 'array':
      return 'slice';
    case 'object':
      return 'map';
    case 'null':
    case 'invalid':
      return 'invalid';
    default:
      return goTypeName(v);
  }
}

/** Go's %v of that Go value: `[a 1]`, `map[k:v]` (keys sorted), `<nil>`. */
export function goValueText(v: JsonValue): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return goFloatG(Number(v.value));
    case 'bool':
      return String(v.value);
    case 'array':
      return `[${v.elements.map(goValueText).join(' ')}]`;
    case 'object': {
      // A Go map holds each key once (the last one decoded wins) and fmt prints keys sorted.
      const byName = new Map<string, JsonValue>();
      for (const p of v.properties) byName.set(p.name, p.value);
      const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `map[${names.map((n) => `${n}:${goValueText(byName.get(n) as JsonValue)}`).join(' ')}]`;
    }
    default:
      return '<nil>';
  }
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function goFormatFloatF(f: number): string {
  if (!Number.isFinite(f)) return String(f);
  if (f === 0) return '0';
  const [mant, e] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e);
  const sign = f < 0 ? '-' : '';
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function unconvertible(name: string, want: string, v: JsonValue): string {
  return `'${name}' expected type '${want}', got unconvertible type '${goTypeName(v)}', value: '${goValueText(v)}'`;
}

/**
 * A string field. `undefined` when absent or null (Go leaves the zero value). Weakly, numbers are
 * written out in full and bools become "1"/"0", as mapstructure's WeaklyTypedInput does.
 */
export function decodeGoString(v: JsonValue, name: string, weak: boolean): Decoded<string | undefined> {
  switch (v.kind) {
    case 'string':
      return { ok: true, value: v.value };
    case 'null':
    case 'invalid':
      return { ok: true, value: undefined };
    case 'number':
      if (weak) return { ok: true, value: goFormatFloatF(Number(v.value)) };
      break;
    case 'bool':
      if (weak) return { ok: true, value: v.value ? '1' : '0' };
      break;
    default:
      break;
  }
  return fail(unconvertible(name, 'string', v));
}

/** A []string field; weakly a single value is lifted into a list and an empty object is an empty list. */
export function decodeGoStringList(v: JsonValue, name: string, weak: boolean): Decoded<string[]> {
  if (v.kind === 'null' || v.kind === 'invalid') return { ok: true, value: [] };
  let elements: readonly JsonValue[];
  if (v.kind === 'array') elements = v.elements;
  else if (!weak) return fail(`'${name}': source data must be an array or slice, got ${goKindName(v)}`);
  else if (v.kind === 'object' && v.properties.length === 0) return { ok: true, value: [] };
  else elements = [v];
  const out: string[] = [];
  for (const [i, e] of elements.entries()) {
    const s = decodeGoString(e, `${name}[${i}]`, weak);
    if (!s.ok) return s;
    out.push(s.value ?? '');
  }
  return { ok: true, value: out };
}

/** A *bool field (strict): `undefined` when absent or null. */
export function decodeGoBool(v: JsonValue, name: string): Decoded<boolean | undefined> {
  if (v.kind === 'bool') return { ok: true, value: v.value };
  if (v.kind === 'null' || v.kind === 'invalid') return { ok: true, value: undefined };
  return fail(unconvertible(name, 'bool', v));
}

/**
 * A time.Duration field decoded weakly with mapstructure's StringToTimeDurationHookFunc: strings
 * are Go durations, numbers (and bools) are nanoseconds. Milliseconds; 0 when absent.
 */
export function decodeGoDuration(v: JsonValue, name: string): Decoded<number> {
  switch (v.kind) {
    case 'string': {
      const d = parseGoDuration(v.value);
      return d.ok ? { ok: true, value: d.ms } : fail(`error decoding '${name}': ${d.message}`);
    }
    case 'number':
      return { ok: true, value: Math.trunc(Number(v.value)) / 1e6 };
    case 'bool':
      return { ok: true, value: v.value ? 1e-6 : 0 };
    case 'null':
    case 'invalid':
      return { ok: true, value: 0 };
    default:
      return fail(unconvertible(name, 'time.Duration', v));
  }
}

/**
 * A map[string]interface{} field decoded weakly: an object, or an array of objects merged in order
 * (mapstructure's slice-to-map rule). The properties, later ones overriding earlier ones by name.
 */
export function decodeGoMap(v: JsonValue, name: string): Decoded<JsonProperty[]> {
  if (v.kind === 'null' || v.kind === 'invalid') return { ok: true, value: [] };
  const objects: JsonObject[] = [];
  if (v.kind === 'object') objects.push(v);
  else if (v.kind === 'array' && v.elements.every((e) => e.kind === 'object')) {
    objects.push(...(v.elements as JsonObject[]));
  } else return fail(`'${name}' expected a map, got '${goKindName(v)}'`);
  const byName = new Map<string, JsonProperty>();
  for (const o of objects) for (const p of o.properties) byName.set(p.name, p);
  return { ok: true, value: [...byName.values()] };
}
