import { BoolType, StringType, listOf, mapOf, objectOf } from '../../../values/types';
import { Value } from '../../../values/value';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../../schema/types';
import { goBool, goStringMap, goStrings } from '../../../schema/go-fields';
import { sharedView } from '../../../schema/shared-view';
import { ACCESS_CONFIG_FIELDS, validateAccessConfig } from '../access-config';
import { STRING_MAP } from '../common-blocks';
import { type AccessOptions, readAccessOptions } from '../options/access';

/**
 * The `amazon-ami` data source (packer-plugin-amazon datasource/ami): one DescribeImages query with
 * the AMI filter options builders use in `source_ami_filter`, yielding the one image it finds.
 * This module is the configuration side: no AWS SDK here (ami.ts runs it, in the aws-ec2 bundle).
 */

const AMI_FILTER_FIELDS = [
  {
    name: 'filters',
    type: STRING_MAP,
    doc:
      'DescribeImages filters, filter name to value (`name`, `virtualization-type`, `root-device-type`, ' +
      '`tag:<key>`, ...). A value is read as one CSV record, so `"a, b"` matches either.',
  },
  {
    name: 'owners',
    type: listOf(StringType),
    doc: 'Account IDs or aliases (`amazon`, `self`, `aws-marketplace`, ...) whose AMIs may match. Required.',
  },
  {
    name: 'most_recent',
    type: BoolType,
    doc: 'Take the newest matching AMI (by creation date) instead of failing when several match.',
  },
  { name: 'include_deprecated', type: BoolType, doc: 'Also consider deprecated AMIs.' },
] as const satisfies readonly FieldSpec[];

export const AMAZON_AMI_FIELDS = [
  ...ACCESS_CONFIG_FIELDS,
  ...AMI_FILTER_FIELDS,
] as const satisfies readonly FieldSpec[];

export type AmazonAmiView = ConfigView<typeof AMAZON_AMI_FIELDS>;

/** The datasource's Configure: the access checks, then AmiFilterOptions' Empty and NoOwner. */
function validateAmazonAmi(view: AmazonAmiView): ConfigProblem[] {
  const problems = validateAccessConfig(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view));
  const owners = goStrings(view, 'owners');
  const filters = goStringMap(view, 'filters');
  // Unknown values (validate without -evaluate-datasources) can be neither judged nor blamed.
  if (owners !== undefined && owners.length === 0) {
    if (filters !== undefined && Object.keys(filters ?? {}).length === 0) {
      problems.push({ message: 'The `filters` must be specified' });
    }
    problems.push({ message: 'For security reasons, you must declare an owner.', field: 'owners' });
  }
  return problems;
}

export const AMAZON_AMI_OUTPUT = objectOf({
  id: StringType,
  name: StringType,
  creation_date: StringType,
  owner: StringType,
  owner_name: StringType,
  tags: mapOf(StringType),
});

export const AMAZON_AMI_SCHEMA: ComponentSchema<typeof AMAZON_AMI_FIELDS> = {
  kind: 'datasource',
  type: 'amazon-ami',
  plugin: 'github.com/hashicorp/amazon',
  doc:
    'Looks up one AMI with DescribeImages (`owners`, `filters`) and returns its `id`, `name`, ' +
    '`creation_date`, `owner`, `owner_name` and `tags`. A query matching several AMIs is an error ' +
    'unless `most_recent` is set; one matching none is an error.',
  fields: AMAZON_AMI_FIELDS,
  output: AMAZON_AMI_OUTPUT,
  validate: validateAmazonAmi,
};

/** What ami.ts needs: plain data, so that nothing but strings crosses into the lazy bundle. */
export interface AmazonAmiRequest {
  readonly access: AccessOptions;
  readonly filters: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
  readonly mostRecent: boolean;
  readonly includeDeprecated: boolean;
}

export function readAmazonAmiRequest(view: AmazonAmiView): AmazonAmiRequest {
  return {
    access: readAccessOptions(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view)),
    filters: view.stringMap('filters') ?? {},
    owners: view.strings('owners') ?? [],
    mostRecent: goBool(view, 'most_recent') === true,
    includeDeprecated: goBool(view, 'include_deprecated') === true,
  };
}

/** The image found, as plain data (the lazy bundle's answer). */
export interface AmazonAmiResult {
  readonly id: string;
  readonly name: string;
  readonly creationDate: string;
  readonly owner: string;
  readonly ownerName: string;
  readonly tags: Readonly<Record<string, string>>;
}

export function amazonAmiValue(r: AmazonAmiResult): Value {
  const tags: Record<string, Value> = {};
  for (const [k, v] of Object.entries(r.tags)) tags[k] = Value.string(v);
  return Value.object({
    id: Value.string(r.id),
    name: Value.string(r.name),
    creation_date: Value.string(r.creationDate),
    owner: Value.string(r.owner),
    owner_name: Value.string(r.ownerName),
    tags: Value.map(tags, StringType),
  });
}
