import { BoolType, NumberType, StringType, listOf } from '../../values/types';
import type { ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goString } from '../../schema/go-fields';
import { STRING_MAP } from './common-blocks';

/**
 * How the amazon plugin reaches AWS (common/access_config.go and the AWSPollingConfig of state.go):
 * credentials, region, endpoint, retries and waiter polling. Credentials themselves are resolved at
 * build time (the default chain when none are written here).
 */

const ASSUME_ROLE_FIELDS = [
  { name: 'role_arn', type: StringType, doc: 'The ARN of the IAM role to assume.' },
  { name: 'duration_seconds', type: NumberType, doc: 'How long the assumed-role session lasts, in seconds.' },
  { name: 'external_id', type: StringType, doc: 'The external ID passed to AssumeRole, if any.' },
  { name: 'policy', type: StringType, doc: 'An IAM policy (JSON) further restricting the assumed role.' },
  {
    name: 'policy_arns',
    type: listOf(StringType),
    doc: 'ARNs of IAM policies further restricting the assumed role.',
  },
  { name: 'session_name', type: StringType, doc: 'The session name used when assuming the role.' },
  { name: 'tags', type: STRING_MAP, doc: 'Session tags for the assumed-role session.' },
  {
    name: 'transitive_tag_keys',
    type: listOf(StringType),
    doc: 'Session tag keys passed on to any later role chaining.',
  },
] as const satisfies readonly FieldSpec[];

const VAULT_AWS_ENGINE_FIELDS = [
  { name: 'name', type: StringType, doc: 'The Vault role to generate credentials for.' },
  {
    name: 'role_arn',
    type: StringType,
    doc: 'The AWS role ARN to assume, when the Vault role has credential_type assumed_role.',
  },
  {
    name: 'ttl',
    type: StringType,
    doc: 'The STS token lifetime (a duration such as `3600s`), for assumed_role and federation_token roles.',
  },
  {
    name: 'engine_name',
    type: StringType,
    doc: 'The mount path of the Vault AWS secrets engine.',
    defaultDoc: '`aws`',
  },
] as const satisfies readonly FieldSpec[];

const AWS_POLLING_FIELDS = [
  {
    name: 'max_attempts',
    type: NumberType,
    doc: "How many times a waiter checks a resource's state (overrides AWS_MAX_ATTEMPTS).",
    defaultDoc: "the AWS waiter's own default (40)",
  },
  {
    name: 'delay_seconds',
    type: NumberType,
    doc: 'Seconds between two checks of a waiter (overrides AWS_POLL_DELAY_SECONDS).',
    defaultDoc: "the AWS waiter's own default (15)",
  },
] as const satisfies readonly FieldSpec[];

export const ACCESS_CONFIG_FIELDS = [
  {
    name: 'access_key',
    type: StringType,
    doc: 'The AWS access key. When unset, credentials come from the environment, shared files, or instance role.',
    sensitive: true,
  },
  {
    name: 'assume_role',
    type: { kind: 'block', repeated: false, fields: ASSUME_ROLE_FIELDS },
    doc: 'Assume this IAM role with the credentials found, and build with the role.',
  },
  {
    name: 'custom_endpoint_ec2',
    type: StringType,
    doc: 'Another EC2 API endpoint, for EC2-compatible clouds or local emulators.',
  },
  { name: 'shared_credentials_file', type: StringType, doc: 'A credentials file to read credentials from.' },
  {
    name: 'decode_authorization_messages',
    type: BoolType,
    doc: 'Decode encoded authorization failure messages with sts:DecodeAuthorizationMessage.',
  },
  {
    name: 'insecure_skip_tls_verify',
    type: BoolType,
    doc: "Don't verify the TLS certificate of the EC2 endpoint.",
  },
  {
    name: 'max_retries',
    type: NumberType,
    doc: 'How many times a throttled or failed API call is retried, with exponential backoff.',
    default: 10,
  },
  {
    name: 'mfa_code',
    type: StringType,
    doc: 'A current MFA (TOTP) code, for assuming a role that requires one.',
    sensitive: true,
  },
  {
    name: 'profile',
    type: StringType,
    doc: 'The profile to use from the shared credentials and config files.',
  },
  {
    name: 'region',
    type: StringType,
    doc: 'The region to build in, such as `us-east-1`.',
    defaultDoc: 'the region of the AWS environment (AWS_REGION, profile)',
  },
  {
    name: 'secret_key',
    type: StringType,
    doc: 'The AWS secret key that goes with `access_key`.',
    sensitive: true,
  },
  {
    name: 'skip_metadata_api_check',
    type: BoolType,
    doc: 'Do not ask the EC2 instance metadata service for credentials.',
  },
  {
    name: 'skip_credential_validation',
    type: BoolType,
    doc: 'Do not check the credentials with STS before the build starts.',
  },
  {
    name: 'token',
    type: StringType,
    doc: 'A session token for temporary credentials (also read from AWS_SESSION_TOKEN).',
    sensitive: true,
  },
  {
    name: 'vault_aws_engine',
    type: { kind: 'block', repeated: false, fields: VAULT_AWS_ENGINE_FIELDS },
    doc: "Get the credentials from HashiCorp Vault's AWS secrets engine (VAULT_ADDR, VAULT_TOKEN).",
  },
  {
    name: 'aws_polling',
    type: { kind: 'block', repeated: false, fields: AWS_POLLING_FIELDS },
    doc: 'How the waiters poll for resource state.',
  },
] as const satisfies readonly FieldSpec[];

/** VaultAWSEngineOptions.Empty: a block with every option empty is as good as no block. */
type AccessConfigView = ConfigView<typeof ACCESS_CONFIG_FIELDS>;

function vaultEngineUsed(view: AccessConfigView): boolean | undefined {
  const engine = view.blocks('vault_aws_engine')[0];
  if (engine === undefined) return false;
  const values = (['name', 'role_arn', 'engine_name', 'ttl'] as const).map((n) => goString(engine, n));
  if (values.some((v) => v !== undefined && v !== '')) return true;
  return values.some((v) => v === undefined) ? undefined : false;
}

/**
 * AccessConfig.Prepare's checks. Fetching the Vault credentials, which Packer also does there, needs
 * the network and belongs to the build.
 */
export function validateAccessConfig(view: AccessConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const accessKey = goString(view, 'access_key');
  const secretKey = goString(view, 'secret_key');
  if (vaultEngineUsed(view) === true && accessKey !== undefined && accessKey !== '') {
    problems.push({
      message: 'If you have set vault_aws_engine, you must not set the access_key or secret_key.',
      field: 'access_key',
    });
  }
  if (accessKey !== undefined && secretKey !== undefined && (accessKey !== '') !== (secretKey !== '')) {
    problems.push({
      message: '`access_key` and `secret_key` must both be either set or not set.',
      field: accessKey === '' ? 'secret_key' : 'access_key',
    });
  }
  return problems;
}
