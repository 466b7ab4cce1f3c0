import { goQuote } from '../../text/go-quote';
import { BoolType, NumberType, StringType } from '../../values/types';
import type { ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
// Fast launch is amazon-ebs's own (builder/ebs); a type-only import, so no cycle at run time.
import type { AmazonEbsView } from './ebs-schema';
import { goBool, goNumber, goString, goStrings, goTrilean } from '../../schema/go-fields';
import { sharedView } from '../../schema/shared-view';

/**
 * Windows fast launch for the AMI (builder/ebs/fast_launch_setup.go): pre-provisioned snapshots,
 * optionally launched from a launch template per region.
 */

const TEMPLATE_FIELDS = [
  {
    name: 'template_id',
    type: StringType,
    doc: 'The launch template to use, by ID; not with `template_name`.',
  },
  { name: 'template_name', type: StringType, doc: 'The launch template to use, by name.' },
  {
    name: 'template_version',
    type: NumberType,
    doc: 'The launch template version (at least 1).',
    defaultDoc: "the template's default version",
  },
] as const satisfies readonly FieldSpec[];

const REGION_TEMPLATE_FIELDS = [
  {
    name: 'enable_fast_launch',
    type: BoolType,
    doc: 'Set to false to skip fast launch in this region.',
  },
  { name: 'region', type: StringType, doc: 'The region this template applies to. Required.' },
  ...TEMPLATE_FIELDS,
] as const satisfies readonly FieldSpec[];

export const FAST_LAUNCH_FIELDS = [
  { name: 'enable_fast_launch', type: BoolType, doc: 'Enable fast launch for the AMI (Windows AMIs only).' },
  ...TEMPLATE_FIELDS,
  {
    name: 'region_launch_templates',
    type: { kind: 'block', repeated: true, fields: REGION_TEMPLATE_FIELDS },
    doc: 'A launch template for one region the AMI is copied to.',
  },
  {
    name: 'max_parallel_launches',
    type: NumberType,
    doc: 'How many instances may launch in parallel to prepare snapshots (at least 6).',
  },
  {
    name: 'target_resource_count',
    type: NumberType,
    doc: 'How many pre-provisioned snapshots to keep ready (at least 1).',
  },
] as const satisfies readonly FieldSpec[];

interface TemplateConfig {
  readonly region: string;
  readonly enable: boolean | 'unset';
  readonly id: string;
  readonly name: string;
  readonly version: number;
}

/**
 * A launch template: the fast_launch block's own (in the build region, `enable` unset) or a
 * region_launch_templates block's; both declare TEMPLATE_FIELDS. undefined: not known yet.
 */
function readTemplate(
  view: ConfigView<typeof TEMPLATE_FIELDS>,
  own: string | undefined,
  enable: boolean | 'unset' | undefined,
): TemplateConfig | undefined {
  const id = goString(view, 'template_id');
  const name = goString(view, 'template_name');
  const version = goNumber(view, 'template_version');
  if (
    own === undefined ||
    enable === undefined ||
    id === undefined ||
    name === undefined ||
    version === undefined
  ) {
    return undefined;
  }
  return { region: own, enable, id, name, version };
}

/** FastLaunchTemplateConfig.Prepare. */
function templateProblems(t: TemplateConfig): string[] {
  if (t.region === '') return ['region cannot be empty for a regional fast template config'];
  if (t.enable === false) return [];
  const where = `fast_launch_template_config region ${goQuote(t.region)}`;
  const problems: string[] = [];
  if (t.id !== '' && t.name !== '') {
    problems.push(`${where}: both template ID and name cannot be specified at the same time`);
  }
  if (t.version !== 0 && t.version < 1) {
    problems.push(`${where}: the launch template version must be >= 1, provided value is ${t.version}`);
  }
  if (t.version !== 0 && t.id === '' && t.name === '') {
    problems.push(`${where}: launch template version specified without an ID or name`);
  }
  return problems;
}

/**
 * FastLaunchConfig.Prepare, then the builder's check that every templated region is one the AMI will
 * exist in. A top-level template is the build region's.
 */
export function validateFastLaunch(view: AmazonEbsView): ConfigProblem[] {
  const block = view.blocks('fast_launch')[0];
  if (block === undefined) return [];
  const enabled = goBool(block, 'enable_fast_launch');
  const maxParallel = goNumber(block, 'max_parallel_launches');
  const targetCount = goNumber(block, 'target_resource_count');
  const buildRegion = goString(view, 'region');
  const templateOf = sharedView<typeof TEMPLATE_FIELDS>();
  const top = buildRegion === undefined ? undefined : readTemplate(templateOf(block), buildRegion, 'unset');
  const regional = block
    .blocks('region_launch_templates')
    .map((b) => readTemplate(templateOf(b), goString(b, 'region'), goTrilean(b, 'enable_fast_launch')));
  if (enabled === undefined || maxParallel === undefined || targetCount === undefined || top === undefined)
    return [];

  const topGiven = top.id !== '' || top.name !== '' || top.version !== 0;
  const isDefault = !enabled && maxParallel === 0 && targetCount === 0 && !topGiven && regional.length === 0;
  if (isDefault) return [];

  const problems: ConfigProblem[] = [];
  const add = (message: string): void => {
    problems.push({ message, field: 'fast_launch' });
  };
  if (maxParallel !== 0 && maxParallel < 6) {
    add(`max_parallel_launches must be >= 6, provided value is ${maxParallel}`);
  }
  if (targetCount !== 0 && targetCount < 1) {
    add(`target_resource_count must be >= 1, provided value is ${targetCount}`);
  }

  const templates = topGiven ? [...regional, top] : regional;
  const seen = new Set<string>();
  for (const t of templates) {
    if (t === undefined) continue;
    if (seen.has(t.region)) {
      add(
        `fast launch: launch template specified twice for region ${goQuote(t.region)}, only once is supported`,
      );
    }
    seen.add(t.region);
    templateProblems(t).forEach(add);
  }

  const amiRegions = goStrings(view, 'ami_regions');
  if (amiRegions !== undefined && buildRegion !== undefined) {
    for (const t of templates) {
      if (t !== undefined && t.region !== buildRegion && !amiRegions.includes(t.region)) {
        add(
          `Launch template specified for enabling fast-launch on region ${goQuote(t.region)}, but the AMI won't be copied there.`,
        );
      }
    }
  }
  return problems;
}
