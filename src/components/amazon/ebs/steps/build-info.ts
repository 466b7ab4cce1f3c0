import type { Tag } from '@aws-sdk/client-ec2';

import type { StateBag, StepContext } from '../../../../engine/types';
import { type GoTemplateData, renderGoTemplate } from '../../../../gotemplate/index';
import { AMAZON_TEMPLATE_FUNCTIONS } from '../../template-functions';
import type { EbsStepDeps } from './deps';
import { AMI_NAME, SOURCE_IMAGE } from '../state-keys';

/**
 * The options Packer renders only while it builds (tags, snapshot_tags, run_tags, ami_description:
 * its InterpolateFilter leaves them for later) see the plugin's BuildInfoTemplate: `{{ .SourceAMI }}`,
 * `{{ .BuildRegion }}`... with the amazon functions (`clean_resource_name`) and Packer's own
 * (`{{ timestamp }}`). Every region's tags are rendered with the build region, as Packer does.
 */

/** BuildInfoTemplate's fields. Empty before the source AMI is known. */
export function buildInfoData(state: StateBag, region: string): Record<string, GoTemplateData> {
  const source = state.get(SOURCE_IMAGE);
  const sourceTags: Record<string, string> = {};
  for (const tag of source?.Tags ?? []) if (tag.Key !== undefined) sourceTags[tag.Key] = tag.Value ?? '';
  return {
    BuildRegion: region,
    SourceAMI: source?.ImageId ?? '',
    SourceAMICreationDate: source?.CreationDate ?? '',
    SourceAMIName: source?.Name ?? '',
    SourceAMIOwner: source?.OwnerId ?? '',
    SourceAMIOwnerName: source?.ImageOwnerAlias ?? '',
    SourceAMITags: sourceTags,
  };
}

/** Renders one option; throws Go's message on failure. */
export function renderBuildTemplate(text: string, ctx: StepContext, region: string): string {
  const r = renderGoTemplate(text, {
    data: buildInfoData(ctx.state, region),
    // A struct in Packer: a field it does not have is an error, not `<no value>`.
    dataType: '*common.BuildInfoTemplate',
    functions: AMAZON_TEMPLATE_FUNCTIONS,
    buildName: ctx.build.buildName,
    buildType: ctx.build.builderType,
    templateDir: ctx.build.templateDir,
    cwd: ctx.build.cwd,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** TagMap.EC2Tags: keys and values rendered, with Packer's message when one cannot be. */
export function renderTags(tags: Readonly<Record<string, string>>, ctx: StepContext, region: string): Tag[] {
  return Object.entries(tags).map(([key, value]) => {
    try {
      return { Key: renderBuildTemplate(key, ctx, region), Value: renderBuildTemplate(value, ctx, region) };
    } catch (e) {
      throw new Error(`Error processing tag: ${key}:${value} - ${(e as Error).message}`);
    }
  });
}

/** EC2Tags.Report: one line per tag. */
export function reportTags(tags: readonly Tag[], ctx: StepContext): void {
  for (const tag of tags) ctx.ui.message(`Adding tag: "${tag.Key ?? ''}": "${tag.Value ?? ''}"`);
}

/**
 * `ami_name`, rendered the first time a step needs it. Packer renders it once, in Prepare, with no
 * build data (nothing is known yet): its functions (`timestamp`, `clean_resource_name`) only.
 */
export function amiName({ options }: EbsStepDeps, ctx: StepContext): string {
  const known = ctx.state.get(AMI_NAME);
  if (known !== undefined) return known;
  const r = renderGoTemplate(options.ami.name, {
    data: {},
    functions: AMAZON_TEMPLATE_FUNCTIONS,
    buildName: ctx.build.buildName,
    buildType: ctx.build.builderType,
    templateDir: ctx.build.templateDir,
    cwd: ctx.build.cwd,
  });
  if (!r.ok) throw new Error(`Error rendering ami_name: ${r.message}`);
  ctx.state.set(AMI_NAME, r.value);
  return r.value;
}
