import type { ACCESS_CONFIG_FIELDS } from '../../../../src/components/amazon/access-config';
import { AMAZON_EBS_SCHEMA } from '../../../../src/components/amazon/ebs-schema';
import { readAccessOptions } from '../../../../src/components/amazon/options/access';
import { readPollingOptions } from '../../../../src/components/amazon/options/polling';
import { sharedView } from '../../../../src/schema/shared-view';
import { decode } from '../../../support/component-decode';

/** amazon-ebs configurations through the real decoder, read as the builder reads them. */

const REQUIRED = `
ami_name      = "kiln-awsaccess"
instance_type = "t3.micro"
source_ami    = "ami-12345678"
ssh_username  = "admin"
`;

function accessView(body: string) {
  const decoded = decode(AMAZON_EBS_SCHEMA, REQUIRED + body);
  return sharedView<typeof ACCESS_CONFIG_FIELDS>()(decoded.view);
}

describe('readAccessOptions', () => {
  test('every access option is read', () => {
    const access = readAccessOptions(
      accessView(`
region                        = "eu-west-1"
access_key                    = "AKIDEXAMPLE"
secret_key                    = "secret"
token                         = "session-token"
profile                       = "build"
shared_credentials_file       = "/tmp/creds"
custom_endpoint_ec2           = "https://ec2.example.test"
max_retries                   = 4
skip_credential_validation    = true
skip_metadata_api_check       = true
insecure_skip_tls_verify      = true
mfa_code                      = "123456"
decode_authorization_messages = true
assume_role {
  role_arn            = "arn:aws:iam::123456789012:role/builder"
  duration_seconds    = 900
  external_id         = "ext"
  policy              = "{}"
  policy_arns         = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  session_name        = "kiln"
  tags                = { team = "images" }
  transitive_tag_keys = ["team"]
}
`),
      {},
    );
    expect(access).toEqual({
      region: 'eu-west-1',
      accessKey: 'AKIDEXAMPLE',
      secretKey: 'secret',
      token: 'session-token',
      profile: 'build',
      sharedCredentialsFile: '/tmp/creds',
      customEndpointEc2: 'https://ec2.example.test',
      maxRetries: 4,
      skipCredentialValidation: true,
      skipMetadataApiCheck: true,
      insecureSkipTlsVerify: true,
      mfaCode: '123456',
      decodeAuthorizationMessages: true,
      vaultAwsEngine: false,
      assumeRole: {
        roleArn: 'arn:aws:iam::123456789012:role/builder',
        durationSeconds: 900,
        externalId: 'ext',
        policy: '{}',
        policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        sessionName: 'kiln',
        tags: { team: 'images' },
        transitiveTagKeys: ['team'],
      },
    });
  });

  test("defaults: Packer's max_retries of 10 (0 too), nothing else set", () => {
    const access = readAccessOptions(accessView('region = "eu-west-2"'), {});
    expect(access).toMatchObject({
      region: 'eu-west-2',
      accessKey: '',
      secretKey: '',
      token: '',
      profile: '',
      customEndpointEc2: '',
      maxRetries: 10,
      assumeRole: undefined,
      skipCredentialValidation: false,
      skipMetadataApiCheck: false,
      insecureSkipTlsVerify: false,
      decodeAuthorizationMessages: false,
      vaultAwsEngine: false,
    });
    expect(readAccessOptions(accessView('max_retries = 0'), {}).maxRetries).toBe(10);
  });

  test('the region falls back to AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-1' };
    expect(readAccessOptions(accessView('region = "eu-west-1"'), env).region).toBe('eu-west-1');
    expect(readAccessOptions(accessView(''), env).region).toBe('eu-west-2');
    expect(readAccessOptions(accessView(''), { AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(
      readAccessOptions(accessView(''), { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-1' }).region,
    ).toBe('eu-west-1');
    expect(readAccessOptions(accessView(''), {}).region).toBe('');
  });

  test('assume_role counts only with a role_arn; duration_seconds 0 is unset', () => {
    expect(
      readAccessOptions(accessView('assume_role {\n session_name = "x"\n}'), {}).assumeRole,
    ).toBeUndefined();
    const role = readAccessOptions(
      accessView('assume_role {\n role_arn = "arn:aws:iam::1:role/r"\n duration_seconds = 0\n}'),
      {},
    ).assumeRole;
    expect(role).toEqual({
      roleArn: 'arn:aws:iam::1:role/r',
      durationSeconds: undefined,
      externalId: '',
      policy: '',
      policyArns: [],
      sessionName: '',
      tags: {},
      transitiveTagKeys: [],
    });
  });

  test('vault_aws_engine is noticed when any of its options is set', () => {
    expect(readAccessOptions(accessView('vault_aws_engine {\n name = "role"\n}'), {}).vaultAwsEngine).toBe(
      true,
    );
    expect(readAccessOptions(accessView('vault_aws_engine {\n name = ""\n}'), {}).vaultAwsEngine).toBe(false);
  });
});

describe('readPollingOptions', () => {
  test('aws_polling is read and overrides the variables', () => {
    const view = accessView('aws_polling {\n delay_seconds = 5\n max_attempts = 7\n}');
    expect(readPollingOptions(view, { AWS_POLL_DELAY_SECONDS: '1', AWS_MAX_ATTEMPTS: '3' })).toEqual({
      delayMs: 5000,
      maxAttempts: 7,
    });
    expect(readPollingOptions(accessView(''), {})).toEqual({});
    expect(readPollingOptions(accessView(''), { AWS_MAX_ATTEMPTS: '3' })).toEqual({
      delayMs: 2000,
      maxAttempts: 3,
    });
  });
});
