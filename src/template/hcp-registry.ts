import type { BodySchema, HclBlock } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { StringType, mapOf } from '../values/types';
import { decodeStringArg, decodeStringListArg } from './meta-arguments';

/**
 * `hcp_packer_registry { ... }`, at the top level or (deprecated) inside a build. Kiln checks it as
 * Packer does, so templates written for HCP Packer validate the same, but publishes nothing: one
 * warning says so.
 */

const LABEL = 'hcp_packer_registry';

const SCHEMA: BodySchema = {
  attributes: [
    { name: 'bucket_name' },
    { name: 'description' },
    { name: 'labels' },
    { name: 'bucket_labels' },
    { name: 'build_labels' },
    { name: 'channels' },
  ],
  blocks: [],
};

const BUCKET_NAME = /^[a-zA-Z0-9-]{3,36}$/;

/** hcl2template's decodeHCPRegistry: the block's checks, nothing kept. */
export function decodeHcpPackerRegistry(block: HclBlock, ctx: EvalContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { content, diagnostics: d } = block.body.content(SCHEMA);
  diagnostics.push(...d);
  const attrs = content.attributes;
  const str = (name: string): string | undefined => {
    const a = attrs.get(name);
    if (!a) return undefined;
    const r = decodeStringArg(a.expr, ctx);
    diagnostics.push(...r.diagnostics);
    return r.value;
  };
  const labelCount = (name: string): number => {
    const a = attrs.get(name);
    if (!a) return 0;
    const r = evaluateSyntaxExpression(a.expr, ctx);
    diagnostics.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) return 0;
    const converted = tryConvert(r.value, mapOf(StringType));
    if (!converted.ok) {
      diagnostics.push(errorDiag('Unsuitable value type', `Unsuitable value: ${converted.message}`, a.range));
      return 0;
    }
    const v = converted.value.unmarkDeep()[0];
    return v.isKnown() && !v.isNull() ? v.length() : 0;
  };
  const slug = str('bucket_name');
  const description = str('description');
  const labels = labelCount('labels');
  const bucketLabels = labelCount('bucket_labels');
  labelCount('build_labels');
  const channels = attrs.get('channels');
  if (channels) diagnostics.push(...decodeStringListArg(channels.expr, ctx).diagnostics);
  if (hasErrors(diagnostics)) return diagnostics;

  if (description !== undefined && Buffer.byteLength(description, 'utf8') > 255) {
    diagnostics.push(
      errorDiag(`${LABEL}.description should have a maximum length of 255 characters`, '', block.range),
    );
    return diagnostics;
  }
  if (slug !== undefined && slug !== '' && !BUCKET_NAME.test(slug)) {
    diagnostics.push(
      errorDiag(
        `${LABEL}.bucket_name can only contain between 3 and 36 ASCII letters, numbers and hyphens`,
        '',
        block.range,
      ),
    );
  }
  if (labels > 0 && bucketLabels > 0) {
    diagnostics.push(
      errorDiag(
        `${LABEL}.labels and ${LABEL}.bucket_labels are mutually exclusive; please use the recommended argument ${LABEL}.bucket_labels`,
        '',
        block.range,
      ),
    );
    return diagnostics;
  }
  if (labels > 0) {
    diagnostics.push(
      warningDiag(
        `the argument ${LABEL}.labels has been deprecated and will be removed in the next minor release; please use ${LABEL}.bucket_labels`,
        '',
      ),
    );
  }
  return diagnostics;
}

/**
 * The registry blocks' checks Packer makes while parsing: at most one top-level block, each
 * decoded; then Kiln's single warning that nothing is published.
 */
export function checkHcpPackerRegistries(
  topLevel: readonly HclBlock[],
  inBuilds: readonly HclBlock[],
  ctx: EvalContext,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [i, block] of topLevel.entries()) {
    if (i > 0) {
      diagnostics.push(errorDiag(`Only one ${LABEL} is allowed`, '', block.range));
      continue;
    }
    diagnostics.push(...decodeHcpPackerRegistry(block, ctx));
  }
  if (topLevel.length > 0 || inBuilds.length > 0) {
    diagnostics.push(
      warningDiag(
        'HCP Packer registry is not supported',
        `Kiln checks the ${LABEL} block but does not publish build metadata to HCP Packer; this build will not appear in any HCP Packer bucket or channel.`,
        (topLevel[0] ?? inBuilds[0]).range,
      ),
    );
  }
  return diagnostics;
}

/**
 * Packer's GetHCPPackerRegistryBlock, which only `build` calls (when it sets up the registry):
 * build-level blocks are deprecated, and there may be one block in all. `validate` never says this.
 */
export function hcpRegistryBuildDiagnostics(
  topLevel: readonly HclBlock[],
  inBuilds: readonly HclBlock[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const multiple = (block: HclBlock): Diagnostic =>
    errorDiag(
      'Multiple HCP Packer registry block declaration',
      `Multiple ${LABEL} blocks have been found, only one can be defined in HCL2 templates. Starting with Packer 1.12.1, it is recommended to move it to the top-level configuration instead of within a build block.`,
      block.range,
    );
  for (const [i, block] of inBuilds.entries()) {
    if (i > 0) {
      diagnostics.push(multiple(block));
      continue;
    }
    diagnostics.push(
      warningDiag(
        `Build block level ${LABEL} are deprecated`,
        'Starting with Packer 1.12.1, it is recommended to move it to the top-level configuration instead of within a build block.',
        block.range,
      ),
    );
  }
  // Only after every build's block: the first one against the top-level block.
  if (inBuilds.length > 0 && topLevel.length > 0) diagnostics.push(multiple(inBuilds[0]));
  return diagnostics;
}
