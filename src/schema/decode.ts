import type { HclBody } from '../hcl/body';
import { type Diagnostic, hasErrors } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { EvalContext } from '../eval/context';
import { expandDynamicBlocks } from '../eval/dynblock';
import { decodeBody } from './body-decoder';
import { deprecationWarnings, durationErrors, prepareProblems } from './checks';
import { communicatorFields, validateCommunicator } from './communicator';
import type { ComponentSchema, ConfigProblem, ConfigView, DecodedConfig, FieldSpec } from './types';

/**
 * Decodes one component block (a source, provisioner, post-processor or data source body) with its
 * schema, the way a Packer plugin does: hcldec reads the body (unexpected arguments and blocks,
 * value types), then the plugin's Prepare decodes durations and, only if everything so far is
 * valid, checks required options, conflicts, allowed values and its own rules. Like Packer, the
 * later phases do not run when an earlier one failed, so a misspelt option is not also reported as
 * a missing one. Deprecation warnings come whatever happens.
 */

export interface DecodeOptions {
  /**
   * The communicator options accepted in addition to the schema's fields. Default: those of the
   * schema's `communicator` kind, for builders.
   */
  readonly communicatorFields?: readonly FieldSpec[];
  /** The block's header (its DefRange), where problems without a field point. Default: the body's start. */
  readonly range?: Range;
}

/**
 * Every option a component accepts: its own fields, then the communicator's (a builder that declares
 * an option of the same name, like amazon's ssh_keypair_name, keeps its own declaration).
 */
export function componentFields(schema: ComponentSchema, extra?: readonly FieldSpec[]): readonly FieldSpec[] {
  if (extra !== undefined) return mergeFields(schema, extra);
  // The same list for every decode of the schema, so that what is derived from it is made once.
  let fields = ownFields.get(schema);
  if (fields === undefined) {
    fields = mergeFields(schema, undefined);
    ownFields.set(schema, fields);
  }
  return fields;
}

const ownFields = new WeakMap<ComponentSchema, readonly FieldSpec[]>();

function mergeFields(schema: ComponentSchema, extra: readonly FieldSpec[] | undefined): readonly FieldSpec[] {
  const communicator =
    extra ??
    (schema.kind === 'builder' && schema.communicator ? communicatorFields(schema.communicator) : []);
  if (communicator.length === 0) return schema.fields;
  const own = new Set(schema.fields.map((f) => f.name));
  return [...schema.fields, ...communicator.filter((f) => !own.has(f.name))];
}

export function decodeComponentConfig(
  schema: ComponentSchema,
  body: HclBody,
  ctx: EvalContext,
  opts: DecodeOptions = {},
): DecodedConfig {
  const fields = componentFields(schema, opts.communicatorFields);
  const range = opts.range ?? body.missingItemRange();
  // Packer plugins expand dynamic blocks before decoding (hcldec.Decode over dynblock.Expand).
  const { decoded, diagnostics } = decodeBody(fields, expandDynamicBlocks(body, ctx), ctx, range);
  const all: Diagnostic[] = [...diagnostics, ...deprecationWarnings(decoded)];

  if (!hasErrors(diagnostics)) {
    const durations = durationErrors(decoded);
    all.push(...durations);
    if (durations.length === 0) all.push(...prepareProblems(decoded, componentChecks(schema, fields)));
  }

  return {
    schema,
    view: decoded.view,
    values: decoded.values,
    ranges: decoded.ranges,
    range,
    diagnostics: all,
  };
}

function componentChecks(
  schema: ComponentSchema,
  fields: readonly FieldSpec[],
): ((view: ConfigView) => readonly ConfigProblem[])[] {
  const checks: ((view: ConfigView) => readonly ConfigProblem[])[] = [];
  const kind = schema.communicator;
  if (schema.kind === 'builder' && kind && kind !== 'none' && fields.some((f) => f.name === 'communicator')) {
    checks.push((view) => validateCommunicator(view, kind));
  }
  if (schema.validate) checks.push(schema.validate);
  return checks;
}
