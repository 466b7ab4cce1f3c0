import type { CtyType, HclSpec, ObjectSpec } from './decode';

/**
 * Configuration values as Packer core sends them to Prepare/Configure: cty's JSON encoding with
 * the type beside the value (`{"value": …, "type": …}`, what go-cty's json.Marshal writes for a
 * value of dynamic type), carried as msgpack bin — the SDK's decodeCTYValues only decodes
 * []byte, a str would reach the plugin as a plain string.
 */

/** cty's JSON type notation: `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type CtyTypeJson = string | readonly [string, CtyTypeJson | Readonly<Record<string, CtyTypeJson>>];

export function ctyTypeJson(t: CtyType): CtyTypeJson {
  return t.kind === 'primitive' ? t.name : [t.kind, ctyTypeJson(t.element)];
}

/**
 * The type hcldec decodes a spec to: an object of its attributes, a block as its nested spec's
 * type, a block list as a list of it. The plugin converts the value into its config struct with
 * gocty, which wants every attribute of that type present, so the value is always built from it.
 */
export function impliedType(spec: HclSpec): CtyTypeJson {
  switch (spec.kind) {
    case 'object':
      return [
        'object',
        Object.fromEntries(Object.entries(spec.attributes).map(([k, s]) => [k, impliedType(s)])),
      ];
    case 'attr':
      return ctyTypeJson(spec.type);
    case 'block':
      return impliedType(spec.nested);
    case 'blockList':
      return ['list', impliedType(spec.nested)];
  }
}

/**
 * `values` (plain JSON, already of the spec's types) as the object of `spec`, every attribute it
 * does not set null, encoded for a Prepare/Configure argument.
 */
export function encodeConfigValue(spec: ObjectSpec, values: Readonly<Record<string, unknown>>): Uint8Array {
  for (const key of Object.keys(values)) {
    if (!(key in spec.attributes)) throw new Error(`An argument named "${key}" is not expected here.`);
  }
  const value = Object.fromEntries(Object.keys(spec.attributes).map((k) => [k, values[k] ?? null]));
  return Buffer.from(JSON.stringify({ value, type: impliedType(spec) }), 'utf8');
}
