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
export interface BlockFieldType<B extends FieldList = UntypedFields> {
  readonly kind: 'block';
  readonly fields: Known<B>;
  /** Any number of blocks (decoded to a list of objects) rather than at most one (an object or null). */
  readonly repeated: boolean;
  /** Extra checks on one decoded block. */
  readonly validate?: (block: ConfigView<B>) => readonly ConfigProblem[];
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
  /**
   * hcldec's AttrSpec or BlockSpec `Required` (plugin specs may set it): reported while decoding
   * ("Missing required argument", "Missing <name> block"), before and apart from Prepare's checks.
   */
  readonly hclRequired?: boolean;
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

/**
 * F: the component's own fields (`typeof FIELDS`, declared `as const`); V: the fields its checks
 * see, F plus the communicator's for a builder that has one (WithCommunicator<F>, schema/communicator.ts).
 */
export interface ComponentSchema<F extends FieldList = UntypedFields, V extends FieldList = F> {
  readonly kind: ComponentKind;
  /** The type label as written in templates: `docker`, `amazon-ebs`, `shell-local`. */
  readonly type: string;
  /** Where Packer users get this component: `github.com/hashicorp/docker`, or `builtin`. */
  readonly plugin: string;
  /** One paragraph for docs/components.md. */
  readonly doc: string;
  readonly fields: Known<F>;
  /** Builders: which communicator options the builder accepts (`communicator`, `ssh_*`, `winrm_*`). */
  readonly communicator?: 'ssh' | 'docker' | 'none';
  /** Data sources: the type of the value a `data.<type>.<name>` reference yields. */
  readonly output?: Type;
  /** Packer's Prepare-time checks beyond required/conflicts/oneOf/durations. */
  readonly validate?: (config: ConfigView<V>) => readonly ConfigProblem[];
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
 * A builder's `generatedData` when only its Prepare can say (a bridged builder before its plugin
 * was asked): `build.*` is then an unknown object, so nothing is reported about names that may
 * exist; the names replace it once Prepare has run (compared by identity).
 */
export const GENERATED_DATA_FROM_PREPARE: readonly string[] = Object.freeze([]);

/**
 * Read access to a decoded configuration. Getters return undefined when the option is unset (and
 * has no default) or its value is not known yet (at validate time `build.*` and data sources are
 * unknown); checks must not report problems about values they cannot see.
 */
export interface ConfigView<F extends FieldList = UntypedFields> {
  /** Set in the template (not just defaulted). */
  isSet(name: FieldName<F>): boolean;
  /** Set and fully known. */
  isKnown(name: FieldName<F>): boolean;
  string(name: StringFieldName<F>): string | undefined;
  number(name: NumberFieldName<F>): number | undefined;
  bool(name: BoolFieldName<F>): boolean | undefined;
  /** Duration fields, in milliseconds. */
  duration(name: DurationFieldName<F>): number | undefined;
  strings(name: StringsFieldName<F>): readonly string[] | undefined;
  stringMap(name: StringMapFieldName<F>): Readonly<Record<string, string>> | undefined;
  /** Nested blocks: a repeated block field yields one view per block, a single one at most one. */
  blocks<N extends BlockFieldName<F>>(name: N): readonly ConfigView<BlockFields<F, N>>[];
  /** The raw converted value (unknowns and marks kept), or null when unset without default. */
  value(name: FieldName<F>): Value;
}

// ---- typed views ------------------------------------------------------------------------------
//
// A component declares its fields `as const satisfies readonly FieldSpec[]`, so that each name and
// type is a literal; ConfigView<typeof FIELDS> then accepts only declared names, and each getter only
// the names of fields it can read (what DecodedView checks at run time, moved to compile time). An
// untyped view (the default), or one over a list whose names are plain `string`, accepts every name.

/** A component's declared fields. */
export type FieldList = readonly FieldSpec[];

/**
 * The type argument of an untyped view, schema, decoded config or runtime (the default). It is `any`
 * on purpose, and only ever as a type argument: TypeScript measures ConfigView<F> as invariant in F
 * (its name types are conditional), so no field list would let an untyped view stand for every typed
 * one and back (the engine hands untyped configs to typed runtimes; typed schemas sit in untyped
 * lists). No value is ever typed `any` by it: Known<F> turns it back into FieldList, names into `string`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UntypedFields = any;

/** F itself, or FieldList for an untyped F. */
export type Known<F extends FieldList> = 0 extends 1 & F ? FieldList : F;

/** The names declared in F; `string` when F does not say (an untyped list). */
export type FieldName<F extends FieldList> = Known<F>[number]['name'];

/** The names in F of fields whose type is a T; every name when F's names are not literal. */
export type FieldNameOfType<F extends FieldList, T> =
  string extends FieldName<F> ? string : NameIfTyped<Known<F>[number], T>;

/** E's name when E's type is a T (distributes over a union of fields). */
type NameIfTyped<E, T> = E extends { readonly name: infer N extends string; readonly type: infer Y }
  ? [Y] extends [T]
    ? N
    : never
  : never;

/** The fields of F's block field N; an untyped list when F does not say. */
export type BlockFields<F extends FieldList, N> =
  string extends FieldName<F>
    ? UntypedFields
    : Extract<Known<F>[number], { readonly name: N }> extends {
          readonly type: { readonly kind: 'block'; readonly fields: infer B extends FieldList };
        }
      ? B
      : UntypedFields;

/** What each getter reads (DecodedView's compatibleShape; an `any` field reads as anything). */
type Dynamic = { readonly kind: 'dynamic' };
export type StringFieldName<F extends FieldList> = FieldNameOfType<F, { readonly kind: 'string' } | Dynamic>;
export type NumberFieldName<F extends FieldList> = FieldNameOfType<F, { readonly kind: 'number' } | Dynamic>;
export type BoolFieldName<F extends FieldList> = FieldNameOfType<F, { readonly kind: 'bool' } | Dynamic>;
export type DurationFieldName<F extends FieldList> = FieldNameOfType<F, DurationFieldType>;
/** strings() reads lists, sets and tuples. */
export type StringsFieldName<F extends FieldList> = FieldNameOfType<
  F,
  { readonly kind: 'list' | 'set' | 'tuple' } | Dynamic
>;
/** stringMap() reads maps and objects. */
export type StringMapFieldName<F extends FieldList> = FieldNameOfType<
  F,
  { readonly kind: 'map' | 'object' } | Dynamic
>;
export type BlockFieldName<F extends FieldList> = FieldNameOfType<F, { readonly kind: 'block' }>;

/**
 * The result of decoding one component block; F: the fields its view reads (a builder's own and
 * its communicator's).
 */
export interface DecodedConfig<F extends FieldList = UntypedFields> {
  readonly schema: ComponentSchema;
  readonly view: ConfigView<F>;
  /** Every declared field, converted to its type, defaults applied (null when unset without default). */
  readonly values: ReadonlyMap<string, Value>;
  /** Where each set option was written (the attribute or block range). */
  readonly ranges: ReadonlyMap<string, Range>;
  /** The block's header, for problems without a field. */
  readonly range: Range;
  readonly diagnostics: readonly Diagnostic[];
}
