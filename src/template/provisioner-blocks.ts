import { type BodySchema, type HclAttribute, type HclBlock, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { EvalContext } from '../eval/context';
import { parseGoDuration } from '../text/go-duration';
import { decodeBoolArg, decodeIntArg, decodeStringArg, decodeStringListArg } from './meta-arguments';
import type { PostProcessorBlock, ProvisionerBlock } from './model';
import { decodeOverride } from './provisioner-override';

/**
 * `provisioner`, `error-cleanup-provisioner` and `post-processor` blocks inside a build: the
 * meta-arguments Packer handles itself are decoded here (in the build's context, where `build.name`
 * is known) and removed from the body; the rest is the component's own configuration, decoded per
 * build with the component's schema (expand.ts).
 */

const PROVISIONER_META: BodySchema = {
  attributes: [
    { name: 'name' },
    { name: 'pause_before' },
    { name: 'max_retries' },
    { name: 'timeout' },
    { name: 'continue_on_error' },
    { name: 'only' },
    { name: 'except' },
    { name: 'override' },
  ],
  blocks: [],
};

const POST_PROCESSOR_META: BodySchema = {
  attributes: [{ name: 'name' }, { name: 'only' }, { name: 'except' }, { name: 'keep_input_artifact' }],
  blocks: [],
};

interface OnlyExcept {
  readonly only: readonly string[];
  readonly except: readonly string[];
  /** Where each list was written, for warnings about entries that match nothing. */
  readonly onlyAttr?: HclAttribute;
  readonly exceptAttr?: HclAttribute;
}

/** `name`, `only` and `except`, common to both kinds; both lists set is Packer's error. */
function decodeCommon(
  attrs: ReadonlyMap<string, HclAttribute>,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): { name?: string } & OnlyExcept {
  let name: string | undefined;
  const nameAttr = attrs.get('name');
  if (nameAttr) {
    const r = decodeStringArg(nameAttr.expr, ctx);
    diagnostics.push(...r.diagnostics);
    name = r.value;
  }
  const list = (attr: HclAttribute | undefined): string[] => {
    if (!attr) return [];
    const r = decodeStringListArg(attr.expr, ctx);
    diagnostics.push(...r.diagnostics);
    return r.value ?? [];
  };
  const onlyAttr = attrs.get('only');
  const exceptAttr = attrs.get('except');
  const only = list(onlyAttr);
  const except = list(exceptAttr);
  if (only.length > 0 && except.length > 0) {
    diagnostics.push(
      errorDiag("only one of 'only' or 'except' may be specified", '', exceptAttr?.range ?? onlyAttr?.range),
    );
  }
  return { name: name === '' ? undefined : name, only, except, onlyAttr, exceptAttr };
}

/** time.ParseDuration of a string meta-argument; "" means unset, as in Packer. */
function decodeDuration(
  attr: HclAttribute | undefined,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): number | undefined {
  if (!attr) return undefined;
  const r = decodeStringArg(attr.expr, ctx);
  diagnostics.push(...r.diagnostics);
  if (r.value === undefined || r.value === '') return undefined;
  const parsed = parseGoDuration(r.value);
  if (!parsed.ok) {
    diagnostics.push(
      errorDiag(`Failed to parse ${attr.name} duration`, parsed.message, expressionRange(attr.expr)),
    );
    return undefined;
  }
  return parsed.ms;
}

export interface DecodedProvisioner {
  readonly block?: ProvisionerBlock;
  /** The `only`/`except` attributes, for the build to check their entries against its sources. */
  readonly onlyExcept: OnlyExcept;
  readonly diagnostics: Diagnostic[];
}

/**
 * A `provisioner` or `error-cleanup-provisioner` block (hcl2template's decodeProvisioner). The
 * block is absent from the result when any of its meta-arguments is in error, as Packer drops it.
 */
export function decodeProvisionerBlock(block: HclBlock, ctx: EvalContext): DecodedProvisioner {
  const diagnostics: Diagnostic[] = [];
  const { content, remain, diagnostics: d } = block.body.partialContent(PROVISIONER_META);
  diagnostics.push(...d);
  const attrs = content.attributes;
  const common = decodeCommon(attrs, ctx, diagnostics);

  let maxRetries: number | undefined;
  const retries = attrs.get('max_retries');
  if (retries) {
    const r = decodeIntArg(retries.expr, ctx);
    diagnostics.push(...r.diagnostics);
    maxRetries = r.value;
  }
  let continueOnError: boolean | undefined;
  const coe = attrs.get('continue_on_error');
  if (coe) {
    const r = decodeBoolArg(coe.expr, ctx);
    diagnostics.push(...r.diagnostics);
    continueOnError = r.value;
  }
  const overrideAttr = attrs.get('override');
  let override: ProvisionerBlock['override'];
  if (overrideAttr) {
    const r = decodeOverride(overrideAttr, ctx);
    diagnostics.push(...r.diagnostics);
    override = r.override;
  }
  const pauseBefore = decodeDuration(attrs.get('pause_before'), ctx, diagnostics);
  const timeout = decodeDuration(attrs.get('timeout'), ctx, diagnostics);

  if (hasErrors(diagnostics)) return { onlyExcept: common, diagnostics };
  const provisioner: ProvisionerBlock = {
    kind: 'provisioner',
    type: block.labels[0],
    name: common.name,
    only: common.only,
    except: common.except,
    body: remain,
    range: block.range,
    ...(pauseBefore ? { pauseBefore } : {}),
    ...(maxRetries ? { maxRetries } : {}),
    ...(timeout ? { timeout } : {}),
    ...(continueOnError ? { continueOnError } : {}),
    ...(override ? { override, overrideRange: overrideAttr?.range } : {}),
  };
  return { block: provisioner, onlyExcept: common, diagnostics };
}

export interface DecodedPostProcessor {
  readonly block?: PostProcessorBlock;
  readonly onlyExcept: OnlyExcept;
  readonly diagnostics: Diagnostic[];
}

/** A `post-processor` block (hcl2template's decodePostProcessor). */
export function decodePostProcessorBlock(block: HclBlock, ctx: EvalContext): DecodedPostProcessor {
  const diagnostics: Diagnostic[] = [];
  const { content, remain, diagnostics: d } = block.body.partialContent(POST_PROCESSOR_META);
  diagnostics.push(...d);
  const attrs = content.attributes;
  const common = decodeCommon(attrs, ctx, diagnostics);
  let keepInputArtifact: boolean | undefined;
  const keep = attrs.get('keep_input_artifact');
  if (keep) {
    const r = decodeBoolArg(keep.expr, ctx);
    diagnostics.push(...r.diagnostics);
    keepInputArtifact = r.value;
  }
  if (hasErrors(diagnostics)) return { onlyExcept: common, diagnostics };
  const pp: PostProcessorBlock = {
    kind: 'post-processor',
    type: block.labels[0],
    name: common.name,
    only: common.only,
    except: common.except,
    body: remain,
    range: block.range,
    ...(keepInputArtifact !== undefined ? { keepInputArtifact } : {}),
  };
  return { block: pp, onlyExcept: common, diagnostics };
}
