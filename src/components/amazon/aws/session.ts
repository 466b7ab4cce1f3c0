import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

import type { AccessOptions } from '../options/access';
import type { PollingOptions } from './polling';

/**
 * The AWS clients one build (or data source, or sweep) uses, made from the access configuration:
 * one EC2 client per region (created on first use, every one with `custom_endpoint_ec2`), one IAM
 * client, the same credentials, retry policy and polling everywhere. Lives in the lazily loaded
 * aws-ec2 bundle with the SDK.
 */
export interface AwsSession {
  /** The build region (`region`). */
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

/** A session from the access options (credentials as given, else the SDK's default chain). */
export function createAwsSession(access: AccessOptions, polling: PollingOptions): AwsSession {
  const ec2Clients = new Map<string, EC2Client>();
  let iam: IAMClient | undefined;
  let sts: STSClient | undefined;
  let ssm: SSMClient | undefined;
  let secretsManager: SecretsManagerClient | undefined;
  const credentials =
    access.accessKey && access.secretKey
      ? {
          accessKeyId: access.accessKey,
          secretAccessKey: access.secretKey,
          ...(access.token ? { sessionToken: access.token } : {}),
        }
      : undefined;
  const common = {
    ...(credentials ? { credentials } : {}),
    maxAttempts: access.maxRetries + 1,
    retryMode: 'adaptive',
  } as const;
  return {
    region: access.region,
    customEndpointEc2: access.customEndpointEc2,
    polling,
    ec2(region = access.region) {
      let client = ec2Clients.get(region);
      if (client === undefined) {
        client = new EC2Client({
          ...common,
          region,
          ...(access.customEndpointEc2 ? { endpoint: access.customEndpointEc2 } : {}),
        });
        ec2Clients.set(region, client);
      }
      return client;
    },
    iam() {
      iam ??= new IAMClient({ ...common, region: access.region });
      return iam;
    },
    sts() {
      sts ??= new STSClient({ ...common, region: access.region });
      return sts;
    },
    ssm() {
      ssm ??= new SSMClient({ ...common, region: access.region });
      return ssm;
    },
    secretsManager() {
      secretsManager ??= new SecretsManagerClient({ ...common, region: access.region });
      return secretsManager;
    },
    destroy() {
      for (const client of ec2Clients.values()) client.destroy();
      for (const client of [iam, sts, ssm, secretsManager]) client?.destroy();
    },
  };
}
