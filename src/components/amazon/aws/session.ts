import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

import type { AccessOptions } from '../options/access';
import { clientBase, credentialProvider, profileRegion } from './credentials';
import { decodeAuthorizationMessagesOn } from './errors';
import type { PollingOptions } from './polling';

/**
 * The AWS clients one build (or data source, or sweep) uses, made from the access configuration:
 * one EC2 client per region (created on first use, every one with `custom_endpoint_ec2`), one IAM
 * client, the same credentials, retry policy and polling everywhere. Lives in the lazily loaded
 * aws-ec2 bundle with the SDK.
 */
export interface AwsSession {
  /** The build region (`region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's; '' if none says). */
  readonly region: string;
  /** `custom_endpoint_ec2` ('' for AWS's own), recorded in ledger entries for sweeps. */
  readonly customEndpointEc2: string;
  /** The EC2 client for `region` (the build region when omitted). */
  ec2(region?: string): EC2Client;
  iam(): IAMClient;
  /** STS in the build region (credential validation, assume_role). */
  sts(): STSClient;
  /** SSM Parameter Store in the build region (amazon-parameterstore). */
  ssm(): SSMClient;
  /** Secrets Manager in the build region (amazon-secretsmanager). */
  secretsManager(): SecretsManagerClient;
  /** How waiters poll (aws_polling and the AWS_* variables, Packer's precedence). */
  readonly polling: PollingOptions;
  /** Closes every client's connections. */
  destroy(): void;
}

/**
 * A session from the access options. Nothing is called yet: credentials are resolved on the first
 * call (validateAccess makes that call up front). IAM, STS, SSM and Secrets Manager take their
 * endpoints from the SDK's standard variables (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL);
 * `custom_endpoint_ec2` is EC2's only, as in Packer.
 */
export function createAwsSession(
  access: AccessOptions,
  polling: PollingOptions,
  env: NodeJS.ProcessEnv = process.env,
): AwsSession {
  const region = access.region !== '' ? access.region : profileRegion(access.profile, env);
  const base = clientBase(access);
  const common = { ...base, credentials: credentialProvider(access, base, region, env) };
  // '' lets the SDK look for a region itself, and fail with its own message if none is found.
  const regionConfig = (r: string): { region?: string } => (r !== '' ? { region: r } : {});

  const ec2Clients = new Map<string, EC2Client>();
  let iam: IAMClient | undefined;
  let sts: STSClient | undefined;
  let ssm: SSMClient | undefined;
  let secretsManager: SecretsManagerClient | undefined;

  const stsClient = (): STSClient => {
    sts ??= new STSClient({ ...common, ...regionConfig(region) });
    return sts;
  };
  const decode = access.decodeAuthorizationMessages === true;

  return {
    region,
    customEndpointEc2: access.customEndpointEc2,
    polling,
    ec2(r = region) {
      let client = ec2Clients.get(r);
      if (client === undefined) {
        client = new EC2Client({
          ...common,
          ...regionConfig(r),
          ...(access.customEndpointEc2 !== '' ? { endpoint: access.customEndpointEc2 } : {}),
        });
        if (decode) decodeAuthorizationMessagesOn(client, stsClient);
        ec2Clients.set(r, client);
      }
      return client;
    },
    iam() {
      if (iam === undefined) {
        iam = new IAMClient({ ...common, ...regionConfig(region) });
        if (decode) decodeAuthorizationMessagesOn(iam, stsClient);
      }
      return iam;
    },
    sts: stsClient,
    ssm() {
      if (ssm === undefined) {
        ssm = new SSMClient({ ...common, ...regionConfig(region) });
        if (decode) decodeAuthorizationMessagesOn(ssm, stsClient);
      }
      return ssm;
    },
    secretsManager() {
      if (secretsManager === undefined) {
        secretsManager = new SecretsManagerClient({ ...common, ...regionConfig(region) });
        if (decode) decodeAuthorizationMessagesOn(secretsManager, stsClient);
      }
      return secretsManager;
    },
    destroy() {
      for (const client of ec2Clients.values()) client.destroy();
      ec2Clients.clear();
      for (const client of [iam, sts, ssm, secretsManager]) client?.destroy();
      iam = sts = ssm = secretsManager = undefined;
    },
  };
}
