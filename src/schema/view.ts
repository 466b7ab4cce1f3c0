import { tryConvert } from '../eval/value-ops';
import { parseGoDuration } from '../text/go-duration';
import { StringType, type Type } from '../values/types';
import type { Value } from '../values/value';
import { fieldValueType, isDurationType } from './fields';
import type { ConfigView, FieldSpec } from './types';

/** Field lists by name, made once per declaration rather than once per decoded block. */
const fieldsByName = new WeakMap<readonly FieldSpec[], ReadonlyMap<string, FieldSpec>>();

/**
 * ConfigView over decoded values. Readers see plain data: marks (sensitive) are stripped for
 * reading but stay on the values themselves. Asking for an option the component never declared, or
 * reading a typed option as another type, is a bug in the caller and throws.
 */
export class DecodedView implements ConfigView {
  private readonly fields: ReadonlyMap<string, FieldSpec>;

  constructor(
    fields: readonly FieldSpec[],
    private readonly values: ReadonlyMap<string, Value>,
    private readonly setNames: ReadonlySet<string>,
    private readonly nested: ReadonlyMap<string, readonly ConfigView[]>,
  ) {
    let byName = fieldsByName.get(fields);
    if (byName === undefined) {
      byName = new Map(fields.map((f) => [f.name, f]));
      fieldsByName.set(fields, byName);
    }
    this.fields = byName;
  }

  isSet(name: string): boolean {
    this.field(name);
    return this.setNames.has(name);
  }

  isKnown(name: string): boolean {
    return this.isSet(name) && this.value(name).isWhollyKnown();
  }

  string(name: string): string | undefined {
    const v = this.readable(name, 'string');
    return v === undefined ? undefined : v.asString();
  }

  number(name: string): number | undefined {
    const v = this.readable(name, 'number');
    return v === undefined ? undefined : v.asNumber().toNumber();
  }

  bool(name: string): boolean | undefined {
    const v = this.readable(name, 'bool');
    return v === undefined ? undefined : v.asBool();
  }

  duration(name: string): number | undefined {
    const field = this.field(name);
    if (!isDurationType(field.type)) throw new Error(`option ${name} is not a duration`);
    const text = this.string(name);
    if (text === undefined) return undefined;
    // An unparsable duration has been reported by the decoder; the runtime never gets to see it.
    const parsed = parseGoDuration(text);
    return parsed.ok ? parsed.ms : undefined;
  }

  strings(name: string): readonly string[] | undefined {
    const v = this.readable(name, 'list');
    if (v === undefined) return undefined;
    // Go decodes a null element of a []string as "".
    return v.elements().map((e) => (e.isNull() ? '' : e.asString()));
  }

  stringMap(name: string): Readonly<Record<string, string>> | undefined {
    const v = this.readable(name, 'map');
    if (v === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [k, e] of v.entries()) out[k] = e.isNull() ? '' : e.asString();
    return out;
  }

  blocks(name: string): readonly ConfigView[] {
    const field = this.field(name);
    if (field.type.kind !== 'block') throw new Error(`option ${name} is not a block`);
    return this.nested.get(name) ?? [];
  }

  value(name: string): Value {
    this.field(name);
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`option ${name} has no decoded value`);
    return v;
  }

  private field(name: string): FieldSpec {
    const f = this.fields.get(name);
    if (!f) throw new Error(`no option named ${name} is declared`);
    return f;
  }

  /**
   * The value without marks (at any depth) in the shape a getter reads; undefined when null or not
   * wholly known. Reading a declared option as a shape its type cannot give is a bug in the caller;
   * an `any` option holding something else is the user's choice and reads as not set.
   */
  private readable(name: string, shape: Shape): Value | undefined {
    const declared = fieldValueType(this.field(name).type);
    if (declared.kind !== 'dynamic' && !compatibleShape(declared, shape)) {
      throw new Error(`option ${name} (${declared.kind}) cannot be read as ${shape}`);
    }
    const raw = this.value(name);
    if (raw.isNull() || !raw.isWhollyKnown()) return undefined;
    const converted = tryConvert(raw.unmarkDeep()[0], shapeType(shape));
    if (converted.ok) return converted.value;
    if (declared.kind === 'dynamic') return undefined;
    throw new Error(`option ${name} cannot be read as ${shape}: ${converted.message}`);
  }
}

type Shape = 'string' | 'number' | 'bool' | 'list' | 'map';

function shapeType(shape: Shape): Type {
  switch (shape) {
    case 'list':
      return { kind: 'list', element: StringType };
    case 'map':
      return { kind: 'map', element: StringType };
    default:
      return { kind: shape };
  }
}

/** Which declared types a getter serves: strings() reads lists, sets and tuples; stringMap() maps and objects. */
function compatibleShape(t: Type, shape: Shape): boolean {
  switch (shape) {
    case 'list':
      return t.kind === 'list' || t.kind === 'set' || t.kind === 'tuple';
    case 'map':
      return t.kind === 'map' || t.kind === 'object';
    default:
      return t.kind === shape;
  }
}
