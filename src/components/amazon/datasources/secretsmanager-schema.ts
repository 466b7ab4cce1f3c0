import { StringType, objectOf } from '../../../values/types';
import { SENSITIVE, Value } from '../../../values/value';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../../schema/types';
import { goString } from '../../../schema/go-fields';
import { sharedView } from '../../../schema/shared-view';
import { ACCESS_CONFIG_FIELDS, validateAccessConfig } from '../access-config';
import { type AccessOptions, readAccessOptions } from '../options/access';

/**
 * The `amazon-secretsmanager` data source (packer-plugin-amazon datasource/secretsmanager): one
 * GetSecretValue call, and a key picked out of a JSON secret. Configuration side only;
 * secretsmanager.ts runs it in the aws-ec2 bundle.
 */

const SECRET_FIELDS = [
  { name: 'name', type: StringType, doc: 'The name or ARN of the secret.' },
  {
    name: 'key',
    type: StringType,
    doc:
      'For a secret holding a JSON object: the key whose value `value` yields. Unset, `value` is the ' +
      'value of one of its keys (the only one, for a secret with a single key).',
  },
  {
    name: 'version_id',
    type: StringType,
    doc: 'The version of the secret to read, by ID; takes precedence over `version_stage`.',
  },
  {
    name: 'version_stage',
    type: StringType,
    doc: 'The version of the secret to read, by staging label.',
    defaultDoc: '`AWSCURRENT`',
  },
] as const satisfies readonly FieldSpec[];

export const AMAZON_SECRETSMANAGER_FIELDS = [
  ...SECRET_FIELDS,
  ...ACCESS_CONFIG_FIELDS,
] as const satisfies readonly FieldSpec[];

export type AmazonSecretsManagerView = ConfigView<typeof AMAZON_SECRETSMANAGER_FIELDS>;

function validateSecretsManager(view: AmazonSecretsManagerView): ConfigProblem[] {
  const problems = validateAccessConfig(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view));
  if (goString(view, 'name') === '') problems.push({ message: "a 'name' must be provided", field: 'name' });
  return problems;
}

export const AMAZON_SECRETSMANAGER_SCHEMA: ComponentSchema<typeof AMAZON_SECRETSMANAGER_FIELDS> = {
  kind: 'datasource',
  type: 'amazon-secretsmanager',
  plugin: 'github.com/hashicorp/amazon',
  doc:
    'Reads a secret from AWS Secrets Manager: `value` (the secret, or one key of a JSON secret), ' +
    '`secret_string`, `secret_binary` and `version_id`. The secret outputs are marked sensitive, and ' +
    'masked in everything Kiln prints. `custom_endpoint_ec2` does not apply: the SDK takes another ' +
    'endpoint from `AWS_ENDPOINT_URL_SECRETS_MANAGER` or `AWS_ENDPOINT_URL`.',
  fields: AMAZON_SECRETSMANAGER_FIELDS,
  output: objectOf({
    value: StringType,
    secret_string: StringType,
    secret_binary: StringType,
    version_id: StringType,
  }),
  validate: validateSecretsManager,
};

export interface AmazonSecretsManagerRequest {
  readonly access: AccessOptions;
  readonly name: string;
  readonly key: string;
  readonly versionId: string;
  /** `version_stage`, AWSCURRENT when unset or empty (Configure's default). */
  readonly versionStage: string;
}

export function readSecretsManagerRequest(view: AmazonSecretsManagerView): AmazonSecretsManagerRequest {
  return {
    access: readAccessOptions(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view)),
    name: view.string('name') ?? '',
    key: view.string('key') ?? '',
    versionId: view.string('version_id') ?? '',
    versionStage: view.string('version_stage') || 'AWSCURRENT',
  };
}

export interface AmazonSecretsManagerResult {
  readonly value: string;
  readonly secretString: string;
  /** The binary secret's bytes as a string, as Packer's `string(secret.SecretBinary)`. */
  readonly secretBinary: string;
  readonly versionId: string;
}

export function secretsManagerValue(r: AmazonSecretsManagerResult): Value {
  const secret = (s: string) => Value.string(s).mark(SENSITIVE);
  return Value.object({
    value: secret(r.value),
    secret_string: secret(r.secretString),
    secret_binary: secret(r.secretBinary),
    version_id: Value.string(r.versionId),
  });
}
