import { BoolType, StringType, objectOf } from '../../../values/types';
import { SENSITIVE, Value } from '../../../values/value';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../../schema/types';
import { goBool, goString } from '../../../schema/go-fields';
import { sharedView } from '../../../schema/shared-view';
import { ACCESS_CONFIG_FIELDS, validateAccessConfig } from '../access-config';
import { type AccessOptions, readAccessOptions } from '../options/access';

/**
 * The `amazon-parameterstore` data source (packer-plugin-amazon datasource/parameterstore): one SSM
 * GetParameter call. Configuration side only; parameterstore.ts runs it in the aws-ec2 bundle.
 */

const PARAMETER_FIELDS = [
  {
    name: 'name',
    type: StringType,
    doc: 'The name (or ARN) of the parameter; `name:version` or `name:label` selects another version.',
  },
  {
    name: 'with_decryption',
    type: BoolType,
    doc: 'Decrypt a `SecureString` parameter (else its `value` is the ciphertext).',
  },
] as const satisfies readonly FieldSpec[];

export const AMAZON_PARAMETERSTORE_FIELDS = [
  ...ACCESS_CONFIG_FIELDS,
  ...PARAMETER_FIELDS,
] as const satisfies readonly FieldSpec[];

export type AmazonParameterStoreView = ConfigView<typeof AMAZON_PARAMETERSTORE_FIELDS>;

function validateParameterStore(view: AmazonParameterStoreView): ConfigProblem[] {
  const problems = validateAccessConfig(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view));
  if (goString(view, 'name') === '') problems.push({ message: "a 'name' must be provided", field: 'name' });
  return problems;
}

export const AMAZON_PARAMETERSTORE_SCHEMA: ComponentSchema<typeof AMAZON_PARAMETERSTORE_FIELDS> = {
  kind: 'datasource',
  type: 'amazon-parameterstore',
  plugin: 'github.com/hashicorp/amazon',
  doc:
    'Reads one parameter from AWS Systems Manager Parameter Store: its `value`, `version` and `arn`. ' +
    'The value of a `SecureString` parameter is marked sensitive. `custom_endpoint_ec2` does not ' +
    'apply: the SDK takes another endpoint from `AWS_ENDPOINT_URL_SSM` or `AWS_ENDPOINT_URL`.',
  fields: AMAZON_PARAMETERSTORE_FIELDS,
  output: objectOf({ value: StringType, version: StringType, arn: StringType }),
  validate: validateParameterStore,
};

export interface AmazonParameterStoreRequest {
  readonly access: AccessOptions;
  readonly name: string;
  readonly withDecryption: boolean;
}

export function readParameterStoreRequest(view: AmazonParameterStoreView): AmazonParameterStoreRequest {
  return {
    access: readAccessOptions(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view)),
    name: view.string('name') ?? '',
    withDecryption: goBool(view, 'with_decryption') === true,
  };
}

export interface AmazonParameterStoreResult {
  readonly value: string;
  readonly version: string;
  readonly arn: string;
  /** The parameter's type: `String`, `StringList` or `SecureString`. */
  readonly type: string;
}

/** A SecureString's value is a secret (decrypted or not: Packer users put it in build commands). */
export function parameterStoreValue(r: AmazonParameterStoreResult): Value {
  const value = Value.string(r.value);
  return Value.object({
    value: r.type === 'SecureString' ? value.mark(SENSITIVE) : value,
    version: Value.string(r.version),
    arn: Value.string(r.arn),
  });
}
