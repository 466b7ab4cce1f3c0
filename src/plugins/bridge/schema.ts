import {
  type BlockFieldType,
  type ComponentKind,
  type ComponentSchema,
  type FieldSpec,
  GENERATED_DATA_FROM_PREPARE,
} from '../../schema/types';
import { BoolType, NumberType, StringType, type Type, listOf, mapOf, objectOf } from '../../values/types';
import type { PluginComponent } from '../discovery';
import { type CtyType, type HclSpec, type ObjectSpec, specName } from '../hcl-spec';

/**
 * A bridged component's schema: the plugin's ConfigSpec turned into the same declaration native
 * components write by hand, so that Kiln's decoder reads the user's HCL against it exactly as it
 * reads a native component's ("Unsupported argument" where a name is misspelt, hcldec's type
 * conversion messages, nested blocks by the spec's block kinds, required attributes as
 * hcldec reports them) with no Prepare-time checks of Kiln's own: the plugin's Prepare has those.
 */

/** A component whose schema came from its plugin: where to start it and its specs. */
export interface BridgedComponent {
  readonly component: PluginComponent;
  /** The spec its configuration is decoded and encoded against (ConfigSpec). */
  readonly spec: ObjectSpec;
  /** Data sources: the spec of the value Execute returns (OutputSpec). */
  readonly outputSpec?: ObjectSpec;
}

const bridged = new WeakMap<ComponentSchema, BridgedComponent>();

/** The plugin behind a schema, or undefined for a native component. */
export function bridgedComponentOf(schema: ComponentSchema): BridgedComponent | undefined {
  return bridged.get(schema);
}

/**
 * The same bridged schema with the `build.*` names its builder's Prepare reported (Packer learns
 * them only from Prepare, so a template's provisioners are decoded again once they are known).
 */
export function withGeneratedData(schema: ComponentSchema, names: readonly string[]): ComponentSchema {
  const bridge = bridged.get(schema);
  if (!bridge) throw new Error(`${schema.kind} ${schema.type} is not a bridged component`);
  const copy: ComponentSchema = { ...schema, generatedData: names };
  bridged.set(copy, bridge);
  return copy;
}

export class UnsupportedSpecError extends Error {
  override readonly name = 'UnsupportedSpecError';
}

export function bridgedSchema(bridge: BridgedComponent): ComponentSchema {
  const { component, spec, outputSpec } = bridge;
  const where = `${component.kind} ${component.type} (${component.binary})`;
  const schema: ComponentSchema = {
    kind: component.kind satisfies ComponentKind,
    type: component.type,
    plugin: component.source,
    doc: `From the installed plugin ${component.source} ${component.version}.`,
    fields: fieldsOf(spec, where),
    ...(outputSpec ? { output: outputType(outputSpec, where) } : {}),
    // Its build.* names are what its Prepare returns (prepareWithPlugins puts them in).
    ...(component.kind === 'builder' ? { generatedData: GENERATED_DATA_FROM_PREPARE } : {}),
  };
  bridged.set(schema, bridge);
  return schema;
}

function fieldsOf(spec: ObjectSpec, where: string): FieldSpec[] {
  return Object.entries(spec.attributes).map(([key, s]): FieldSpec => {
    const name = specName(key, s);
    switch (s.kind) {
      case 'attr':
        return { name, type: ctyType(s.type), doc: '', ...(s.required ? { hclRequired: true } : {}) };
      case 'block':
      case 'blockList': {
        const type: BlockFieldType = {
          kind: 'block',
          fields: fieldsOf(nestedObject(s.nested, name, where), where),
          repeated: s.kind === 'blockList',
        };
        return { name, type, doc: '', ...(s.kind === 'block' && s.required ? { hclRequired: true } : {}) };
      }
      case 'object':
        // hcldec would read a nested ObjectSpec from the same body; no SDK-generated spec has one.
        throw new UnsupportedSpecError(
          `${where}: its ConfigSpec nests an object spec at "${key}", which Kiln does not decode`,
        );
    }
  });
}

function nestedObject(spec: HclSpec, name: string, where: string): ObjectSpec {
  if (spec.kind === 'object') return spec;
  throw new UnsupportedSpecError(
    `${where}: the block ${name} in its ConfigSpec is not an object spec (${spec.kind})`,
  );
}

export function ctyType(t: CtyType): Type {
  switch (t.kind) {
    case 'primitive':
      return t.name === 'string' ? StringType : t.name === 'number' ? NumberType : BoolType;
    case 'list':
      return listOf(ctyType(t.element));
    case 'map':
      return mapOf(ctyType(t.element));
  }
}

/** The type of a data source's value: its OutputSpec's implied type, keyed by the spec's keys. */
export function outputType(spec: ObjectSpec, where = 'output spec'): Type {
  const attributes: Record<string, Type> = {};
  for (const [key, s] of Object.entries(spec.attributes)) attributes[key] = specType(s, where);
  return objectOf(attributes);
}

function specType(s: HclSpec, where: string): Type {
  switch (s.kind) {
    case 'attr':
      return ctyType(s.type);
    case 'object':
      return outputType(s, where);
    case 'block':
      return specType(s.nested, where);
    case 'blockList':
      return listOf(specType(s.nested, where));
  }
}
