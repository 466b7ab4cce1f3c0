import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { nameSuggestion } from '../hcl/didyoumean';
import type { Range } from '../hcl/pos';
import { goQuote } from '../text/go-quote';
import { componentFields } from './decode';
import { assertWellFormedFields } from './fields';
import type { ComponentKind, ComponentSchema } from './types';

/**
 * The components Kiln knows, by kind and type label: what `source "docker" "x"`,
 * `provisioner "shell"`, `post-processor "manifest"` and `data "http" "x"` resolve to.
 */
export class ComponentRegistry {
  private readonly schemas = new Map<ComponentKind, Map<string, ComponentSchema>>();

  /**
   * `missingPlugin`: where the composition root looked for plugins, for the detail of an unknown
   * type (Packer's wording: "likely part of a plugin that is not installed"). Without it, Kiln
   * says it does not provide the type and lists those it knows.
   */
  constructor(private readonly options: { readonly missingPlugin?: (type: string) => string } = {}) {}

  /** Adds a component. A second component of the same kind and type, or a malformed declaration, is a bug. */
  register(schema: ComponentSchema): void {
    let byType = this.schemas.get(schema.kind);
    if (!byType) {
      byType = new Map();
      this.schemas.set(schema.kind, byType);
    }
    if (byType.has(schema.type)) throw new Error(`${schema.kind} ${schema.type} is registered twice`);
    assertWellFormedFields(`${schema.kind} ${schema.type}`, componentFields(schema));
    byType.set(schema.type, schema);
  }

  /**
   * Puts `schema` in place of the registered one of its kind and type (a bridged builder's schema
   * once its Prepare has named the `build.*` values it generates).
   */
  replace(schema: ComponentSchema): void {
    const byType = this.schemas.get(schema.kind);
    if (!byType?.has(schema.type)) throw new Error(`${schema.kind} ${schema.type} is not registered`);
    assertWellFormedFields(`${schema.kind} ${schema.type}`, componentFields(schema));
    byType.set(schema.type, schema);
  }

  get(kind: ComponentKind, type: string): ComponentSchema | undefined {
    return this.schemas.get(kind)?.get(type);
  }

  /** The registered type labels of a kind, sorted. */
  types(kind: ComponentKind): readonly string[] {
    return [...(this.schemas.get(kind)?.keys() ?? [])].sort();
  }

  /** Every registered schema, in registration order. */
  all(): readonly ComponentSchema[] {
    return [...this.schemas.values()].flatMap((m) => [...m.values()]);
  }

  /**
   * Packer's diagnostic for a component type nobody provides (hcl2template's initializeBlocks and
   * startDatasource), listing the types Kiln does know where Packer would point at its plugin
   * directory. `label` names the block when it is not the kind's usual one
   * (`error-cleanup-provisioner`). range: the block's type label or header, as Packer points there.
   */
  unknownComponentDiagnostic(kind: ComponentKind, type: string, range: Range, label?: string): Diagnostic {
    const known = this.types(kind);
    if (kind === 'datasource') {
      return errorDiag(`Unknown data type ${type}`, `known data sources: [${known.join(' ')}]`, range);
    }
    const blockLabel = label ?? (kind === 'builder' ? 'source' : kind);
    const summary =
      kind === 'builder' ? `Unknown source type ${type}` : `Unknown ${blockLabel} type ${goQuote(type)}`;
    const suggestion = nameSuggestion(type, known);
    const missingPlugin = this.options.missingPlugin?.(type);
    const detail =
      suggestion !== undefined
        ? `Did you mean to use ${goQuote(suggestion)}?`
        : missingPlugin !== undefined
          ? `The ${blockLabel} ${type} is unknown by Kiln, and is likely part of a plugin that is not installed: ${missingPlugin}\n` +
            'You may find the needed plugin along with installation instructions documented on the Packer integrations page.\n\n' +
            `https://developer.hashicorp.com/packer/integrations?filter=${type.split('-')[0]}`
          : `The ${blockLabel} ${type} is unknown by Kiln, and is likely part of a plugin that Kiln does not provide.\n` +
            `Known ${blockLabel} types: ${known.length ? known.join(', ') : 'none'}.`;
    return errorDiag(summary, detail, range);
  }
}
