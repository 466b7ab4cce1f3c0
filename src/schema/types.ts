import type { GoTemplateFunction } from '../gotemplate/types';
import type { Diagnostic } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { Type } from '../values/types';
import type { Value } from '../values/value';

/**
 * A component's configuration, declared once. The declaration drives decoding (hcl's "Unsupported
 * argument", type conversion with its exact range), Packer's Prepare-time checks (required options,
 * conflicts, allowed values, Go durations), the defaults the runtime sees, and docs/components.md.
 */

export type ComponentKind = 'builder' | 'provisioner' | 'post-processor' | 'datasource';

/** A string holding a Go duration ("5m", "1h30s"); decoded to milliseconds. */
export interface DurationFieldType {
  readonly kind: 'duration';
}

/**
 * A nested block: `launch_block_device_mappings { ... }` (repeated) or `source_ami_filter { ... }`
 * (at most one). Packer's hcl2spec BlockListSpec / BlockSpec.
 */
export interface BlockFieldType {
  readonly kind: 'block';
  readonly fields: readonly FieldSpec[];
  /** Any number of blocks (decoded to a list of objects) rather than at most one (an object or null). */
  readonly repeated: boolean;
  /** Extra checks on one decoded block. */
  readonly validate?: (block: ConfigView) => readonly ConfigProblem[];
}

/** A cty type constraint (converted with cty's rules), a Go duration, or a nested block. */
export type FieldType = Type | DurationFieldType | BlockFieldType;

export interface FieldSpec {
  /** The option name as written in templates (`ssh_username`). */
  readonly name: string;
  readonly type: FieldType;
  /** One sentence or two, for docs/components.md. */
  readonly doc: string;
  /**
   * Packer's Prepare rejects the configuration without it. `true` uses a generic message
   * ("<name> must be specified"); a string is Packer's own message for this option.
   */
  readonly required?: boolean | string;
  /**
   * The value the runtime sees when the option is not set, as a plain JSON value of the field's
   * type (durations as Go duration strings). Omitted: null.
   */
  readonly default?: unknown;
  /** How docs describe a default that is computed rather than constant ("the builder's name"). */
  readonly defaultDoc?: string;
  /** The only values a string option accepts (checked when known). */
  readonly oneOf?: readonly string[];
  /** Options that may not be set together with this one. Checked symmetrically. */
  readonly conflictsWith?: readonly string[];
  /** Values are masked in every output. */
  readonly sensitive?: boolean;
  /** Set: the option is accepted and ignored, with this warning (Packer's deprecation wording). */
  readonly deprecated?: string;
}

/** A problem found by a component's own checks; becomes a Diagnostic with the field's range. */
export interface ConfigProblem {
  readonly severity?: 'error' | 'warning';
  readonly message: string;
  readonly detail?: string;
  /** The field the problem is about; absent: the block's header. */
  readonly field?: string;
}

export interface ComponentSchema {
  readonly kind: ComponentKind;
  /** The type label as written in templates: `docker`, `amazon-ebs`, `shell-local`. */
  readonly type: string;
  /** Where Packer users get this component: `github.com/hashicorp/docker`, or `builtin`. */
  readonly plugin: string;
  /** One paragraph for docs/components.md. */
  readonly doc: string;
  readonly fields: readonly FieldSpec[];
  /** Builders: which communicator options the builder accepts (`communicator`, `ssh_*`, `winrm_*`). */
  readonly communicator?: 'ssh' | 'docker' | 'none';
  /** Data sources: the type of the value a `data.<type>.<name>` reference yields. */
  readonly output?: Type;
  /** Packer's Prepare-time checks beyond required/conflicts/oneOf/durations. */
  readonly validate?: (config: ConfigView) => readonly ConfigProblem[];
  /**
   * Builders: the `build.*` names a build generates beyond Packer's common ones (the list the
   * builder's Prepare returns). Set from the component's declaration (sdk/define.ts).
   */
  readonly generatedData?: readonly string[];
  /**
   * Functions the component's Go-template options may call besides Packer's (its `ctx.Funcs`, e.g.
   * amazon's `clean_resource_name`). Set from the component's declaration (sdk/define.ts).
   */
  readonly templateFunctions?: ReadonlyMap<string, GoTemplateFunction>;
}

/**
 * Read access to a decoded configuration. Getters return undefined when the option is unset (and
 * has no default) or its value is not known yet (at validate time `build.*` and data sources are
 * unknown); checks must not report problems about values they cannot see.
 */
export interface ConfigView {
  /** Set in the template (not just defaulted). */
  isSet(name: string): boolean;
  /** Set and fully known. */
  isKnown(name: string): boolean;
  string(name: string): string | undefined;
  number(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  /** Duration fields, in milliseconds. */
  duration(name: string): number | undefined;
  strings(name: string): readonly string[] | undefined;
  stringMap(name: string): Readonly<Record<string, string>> | undefined;
  /** Nested blocks: a repeated block field yields one view per block, a single one at most one. */
  blocks(name: string): readonly ConfigView[];
  /** The raw converted value (unknowns and marks kept), or null when unset without default. */
  value(name: string): Value;
}

/** The result of decoding one component block. */
export interface DecodedConfig {
  readonly schema: ComponentSchema;
  readonly view: ConfigView;
  /** Every declared field, converted to its type, defaults applied (null when unset without default). */
  readonly values: ReadonlyMap<string, Value>;
  /** Where each set option was written (the attribute or block range). */
  readonly ranges: ReadonlyMap<string, Range>;
  /** The block's header, for problems without a field. */
  readonly range: Range;
  readonly diagnostics: readonly Diagnostic[];
}
