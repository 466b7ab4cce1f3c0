import type { Range } from '../pos';

/**
 * A parsed JSON document, keeping a source range on every value and every property name so that
 * schema decoding can point diagnostics at the exact culprit. Objects keep their properties in
 * source order and keep repeated names: HCL's JSON syntax uses repeated keys for repeated blocks.
 */
export type JsonValue = JsonObject | JsonArray | JsonString | JsonNumber | JsonBool | JsonNull | JsonInvalid;

export interface JsonProperty {
  readonly name: string;
  readonly nameRange: Range;
  readonly value: JsonValue;
}

export interface JsonObject {
  readonly kind: 'object';
  readonly properties: readonly JsonProperty[];
  /** Brace to brace. */
  readonly range: Range;
  readonly openRange: Range;
  readonly closeRange: Range;
}

export interface JsonArray {
  readonly kind: 'array';
  readonly elements: readonly JsonValue[];
  /** Bracket to bracket. */
  readonly range: Range;
  readonly openRange: Range;
}

export interface JsonString {
  readonly kind: 'string';
  /** The value with JSON escapes processed. */
  readonly value: string;
  /** Including the quotes. */
  readonly range: Range;
}

export interface JsonNumber {
  readonly kind: 'number';
  /** The number's decimal text exactly as written, so no precision is lost. */
  readonly value: string;
  readonly range: Range;
}

export interface JsonBool {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly range: Range;
}

export interface JsonNull {
  readonly kind: 'null';
  readonly range: Range;
}

/** A placeholder where the parser recovered from a syntax error (already diagnosed). */
export interface JsonInvalid {
  readonly kind: 'invalid';
  readonly range: Range;
}

/** Where a diagnostic about a whole value should point: the opening brace/bracket of containers. */
export function jsonStartRange(v: JsonValue): Range {
  return v.kind === 'object' || v.kind === 'array' ? v.openRange : v.range;
}
