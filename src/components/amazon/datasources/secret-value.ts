import { goQuote } from '../../../text/go-quote';

/**
 * What `amazon-secretsmanager` yields as `value` (the datasource's getSecretValue): a secret that is
 * not JSON as it is; for a JSON object the value of `key` ('' when absent), or with no `key` the
 * value of one of its keys. Values must be strings or numbers. Failures carry Packer's wording,
 * Go's type names included.
 */
export function secretValue(secretString: string, key: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    return secretString;
  }
  if (parsed === null) return ''; // Go decodes null into a nil map: no keys.
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw valueError(
      `json: cannot unmarshal ${jsonKind(parsed)} into Go value of type map[string]interface {}`,
    );
  }
  const object = parsed as Record<string, unknown>;
  const names = Object.keys(object);
  // Go ranges over a map in no set order, so its pick among several keys is arbitrary; the first is
  // as good, and stable.
  if (key === '' && names.length > 0) return stringValue(object[names[0]]);
  return Object.prototype.hasOwnProperty.call(object, key) ? stringValue(object[key]) : '';
}

function valueError(message: string): Error {
  return new Error(`error to get secret value: ${goQuote(message)}`);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v; // 'string' or 'number'
}

/** Go's %T of what encoding/json decodes a value into. */
function goTypeName(v: unknown): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  return 'bool';
}

function stringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatWholeNumber(v);
  throw valueError(`Unsupported secret value type: ${goTypeName(v)}`);
}

/** strconv.FormatFloat(v, 'f', 0, 64): no exponent, rounded to a whole number, ties to even. */
export function formatWholeNumber(v: number): string {
  const negative = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let whole = Math.floor(a);
  const fraction = a - whole;
  if (fraction > 0.5 || (fraction === 0.5 && whole % 2 === 1)) whole += 1;
  return `${negative ? '-' : ''}${BigInt(whole).toString()}`;
}
