import { writeUnknownPlaceholders } from '../../schema/unknown-placeholders';
import { goJSONString, toJSONValue } from '../../values/json';
import type { Value } from '../../values/value';
import { impliedType } from './cty-json';
import type { HclSpec, ObjectSpec } from './decode';

/**
 * A configuration decoded from the user's HCL against a plugin's spec (Kiln's decoder, driven by
 * the schema bridge/schema.ts derives from the spec: values keyed by HCL names, every attribute
 * present, null when absent) as the cty JSON Packer core sends to Prepare/Configure: the spec's
 * implied type beside the value, objects keyed by the spec's object keys, numbers exact, marks
 * dropped, and anything still unknown replaced by its typed placeholder as Packer's
 * hcl2shim.WriteUnknownPlaceholderValues does.
 */
export function encodeDecodedConfig(spec: ObjectSpec, values: ReadonlyMap<string, Value>): Uint8Array {
  const json = `{"value":${objectJson(spec, values)},"type":${JSON.stringify(impliedType(spec))}}`;
  return Buffer.from(json, 'utf8');
}

/** The HCL name a spec reads from the body (an attribute's or a block type's). */
export function specName(key: string, spec: HclSpec): string {
  return spec.kind === 'object' ? key : spec.name;
}

function objectJson(spec: ObjectSpec, values: ReadonlyMap<string, Value>): string {
  const keys = Object.keys(spec.attributes).sort();
  const parts = keys.map((key) => {
    const s = spec.attributes[key];
    return `${goJSONString(key)}:${specJson(s, values.get(specName(key, s)))}`;
  });
  return `{${parts.join(',')}}`;
}

function specJson(spec: HclSpec, value: Value | undefined): string {
  if (value === undefined) return spec.kind === 'blockList' ? '[]' : 'null';
  const [v] = writeUnknownPlaceholders(value).unmarkDeep();
  switch (spec.kind) {
    case 'attr':
      return toJSONValue(v);
    case 'object':
      return v.isNull() ? 'null' : objectJson(spec, v.entries());
    case 'block':
      return v.isNull() ? 'null' : specJson(spec.nested, v);
    case 'blockList':
      return v.isNull()
        ? '[]'
        : `[${v
            .elements()
            .map((e) => specJson(spec.nested, e))
            .join(',')}]`;
  }
}
