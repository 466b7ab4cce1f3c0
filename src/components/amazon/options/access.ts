import type { ConfigView } from '../../../schema/types';
import type { ACCESS_CONFIG_FIELDS } from '../access-config';

/**
 * The access configuration (packer-plugin-amazon common/access_config.go), read once from the
 * decoded configuration: what makes the AWS clients. Empty strings and absent optional fields mean
 * "not set" (Go's zero values), so a sweep or a test can write the few fields it needs.
 */
export interface AccessOptions {
  /** `region`, else AWS_REGION, else AWS_DEFAULT_REGION; '' leaves it to the profile's config. */
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly token: string;
  readonly profile: string;
  readonly customEndpointEc2: string;
  /**
   * `max_retries`, 10 when unset or 0. Packer hands it to the SDK as the maximum number of
   * attempts of one call (the first one included), and so does the session.
   */
  readonly maxRetries: number;
  /** `shared_credentials_file`. */
  readonly sharedCredentialsFile?: string;
  /** `mfa_code`: answers the MFA prompt of a profile that assumes a role with `mfa_serial`. */
  readonly mfaCode?: string;
  readonly assumeRole?: AssumeRoleOptions;
  readonly skipCredentialValidation?: boolean;
  /** `skip_metadata_api_check`: leave the EC2 instance metadata service out of the credential chain. */
  readonly skipMetadataApiCheck?: boolean;
  readonly insecureSkipTlsVerify?: boolean;
  readonly decodeAuthorizationMessages?: boolean;
  /** `vault_aws_engine` is set (with any non-empty option): Kiln does not support it. */
  readonly vaultAwsEngine?: boolean;
}

/** `assume_role`, present when its `role_arn` is set (as Packer only assumes a role then). */
export interface AssumeRoleOptions {
  readonly roleArn: string;
  /** `duration_seconds`; undefined leaves it to STS (one hour). */
  readonly durationSeconds?: number;
  readonly externalId: string;
  readonly policy: string;
  readonly policyArns: readonly string[];
  readonly sessionName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly transitiveTagKeys: readonly string[];
}

type AccessView = ConfigView<typeof ACCESS_CONFIG_FIELDS>;

function readAssumeRole(view: AccessView): AssumeRoleOptions | undefined {
  const block = view.blocks('assume_role')[0];
  const roleArn = block?.string('role_arn') ?? '';
  if (block === undefined || roleArn === '') return undefined;
  const duration = block.number('duration_seconds');
  return {
    roleArn,
    durationSeconds: duration === undefined || duration === 0 ? undefined : duration,
    externalId: block.string('external_id') ?? '',
    policy: block.string('policy') ?? '',
    policyArns: block.strings('policy_arns') ?? [],
    sessionName: block.string('session_name') ?? '',
    tags: block.stringMap('tags') ?? {},
    transitiveTagKeys: block.strings('transitive_tag_keys') ?? [],
  };
}

/** VaultAWSEngineOptions.Empty(), negated. */
function vaultAwsEngineSet(view: AccessView): boolean {
  const engine = view.blocks('vault_aws_engine')[0];
  if (engine === undefined) return false;
  return (['name', 'role_arn', 'ttl', 'engine_name'] as const).some((n) => (engine.string(n) ?? '') !== '');
}

export function readAccessOptions(view: AccessView, env: NodeJS.ProcessEnv = process.env): AccessOptions {
  const maxRetries = view.number('max_retries');
  const nonEmpty = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
  return {
    region:
      nonEmpty(view.string('region')) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? '',
    accessKey: view.string('access_key') ?? '',
    secretKey: view.string('secret_key') ?? '',
    token: view.string('token') ?? '',
    profile: view.string('profile') ?? '',
    customEndpointEc2: view.string('custom_endpoint_ec2') ?? '',
    maxRetries: maxRetries === undefined || maxRetries === 0 ? 10 : maxRetries,
    sharedCredentialsFile: view.string('shared_credentials_file') ?? '',
    mfaCode: view.string('mfa_code') ?? '',
    assumeRole: readAssumeRole(view),
    skipCredentialValidation: view.bool('skip_credential_validation') ?? false,
    skipMetadataApiCheck: view.bool('skip_metadata_api_check') ?? false,
    insecureSkipTlsVerify: view.bool('insecure_skip_tls_verify') ?? false,
    decodeAuthorizationMessages: view.bool('decode_authorization_messages') ?? false,
    vaultAwsEngine: vaultAwsEngineSet(view),
  };
}
