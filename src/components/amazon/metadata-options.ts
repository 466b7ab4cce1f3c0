import { NumberType, StringType } from '../../values/types';
import type { BlockFieldType, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goNumber, goString } from '../../schema/go-fields';

/**
 * The `metadata_options {}` block of the run config (MetadataOptions in common/run_config.go): the
 * instance metadata service of the build instance. Packer gives every option left empty (or 0) a
 * default before checking, and uses the defaults when the block is absent.
 */

export const METADATA_OPTION_DEFAULTS = {
  http_endpoint: 'enabled',
  http_tokens: 'optional',
  http_put_response_hop_limit: 1,
  instance_metadata_tags: 'disabled',
} as const;

const METADATA_FIELDS = [
  {
    name: 'http_endpoint',
    type: StringType,
    doc: 'Whether the instance metadata service is `enabled` or `disabled`.',
    default: METADATA_OPTION_DEFAULTS.http_endpoint,
  },
  {
    name: 'http_tokens',
    type: StringType,
    doc: '`required` makes the instance accept IMDSv2 requests only; `optional` also allows IMDSv1.',
    default: METADATA_OPTION_DEFAULTS.http_tokens,
  },
  {
    name: 'http_put_response_hop_limit',
    type: NumberType,
    doc: 'How many network hops a metadata response may travel (1-64).',
    default: METADATA_OPTION_DEFAULTS.http_put_response_hop_limit,
  },
  {
    name: 'instance_metadata_tags',
    type: StringType,
    doc: 'Whether instance tags are readable through the metadata service (`enabled` or `disabled`).',
    default: METADATA_OPTION_DEFAULTS.instance_metadata_tags,
  },
] as const satisfies readonly FieldSpec[];

type MetadataOptionsView = ConfigView<typeof METADATA_FIELDS>;

/** A two-valued option, with "" read as its default; `allowed` in the order Packer's message names them. */
function choiceProblem(
  view: MetadataOptionsView,
  name: 'http_endpoint' | 'http_tokens' | 'instance_metadata_tags',
  allowed: readonly [string, string],
): ConfigProblem | undefined {
  const written = goString(view, name);
  const value = written === '' ? METADATA_OPTION_DEFAULTS[name] : written;
  if (value === undefined || allowed.includes(value)) return undefined;
  return { message: `${name} requires either ${allowed[0]} or ${allowed[1]} as its value`, field: name };
}

function validateMetadataOptions(view: MetadataOptionsView): ConfigProblem[] {
  const problems: (ConfigProblem | undefined)[] = [
    choiceProblem(view, 'http_endpoint', ['disabled', 'enabled']),
    choiceProblem(view, 'http_tokens', ['optional', 'required']),
  ];
  const hopLimit = goNumber(view, 'http_put_response_hop_limit');
  if (hopLimit !== undefined && hopLimit !== 0 && (hopLimit < 1 || hopLimit > 64)) {
    problems.push({
      message: 'http_put_response_hop_limit requires a number between 1 and 64',
      field: 'http_put_response_hop_limit',
    });
  }
  problems.push(choiceProblem(view, 'instance_metadata_tags', ['disabled', 'enabled']));
  return problems.filter((p): p is ConfigProblem => p !== undefined);
}

export const METADATA_OPTIONS_BLOCK = {
  kind: 'block',
  repeated: false,
  fields: METADATA_FIELDS,
  validate: validateMetadataOptions,
} as const satisfies BlockFieldType;
