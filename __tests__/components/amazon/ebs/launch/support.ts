import { IAMClient } from '@aws-sdk/client-iam';

import { AMAZON_EBS_SCHEMA } from '../../../../../src/components/amazon/ebs-schema';
import type { AmazonEbsOptions } from '../../../../../src/components/amazon/ebs/options';
import { type AwsSession, createAwsSession } from '../../../../../src/components/amazon/aws/session';
import { readAmiOptions } from '../../../../../src/components/amazon/options/ami';
import { type EbsLaunchFields, readRunOptions } from '../../../../../src/components/amazon/options/run';
import type { RUN_CONFIG_FIELDS } from '../../../../../src/components/amazon/run-config';
import type { WithCommunicator } from '../../../../../src/schema/communicator';
import { sharedView } from '../../../../../src/schema/shared-view';
import type { StepCleanupContext, StepContext } from '../../../../../src/engine/types';
import { decode } from '../../../../support/component-decode';

/** What the launch tests share: options from HCL, a session on the emulator, cleanup contexts. */

/** amazon-ebs options from an HCL body (access and AMI options left to their own readers). */
export function ebsOptions(hcl: string, region = 'us-west-2'): AmazonEbsOptions {
  const config = decode(AMAZON_EBS_SCHEMA, hcl);
  const view = config.view;
  return {
    access: {
      region,
      accessKey: 'test',
      secretKey: 'test',
      token: '',
      profile: '',
      customEndpointEc2: '',
      maxRetries: 3,
    },
    polling: {},
    run: readRunOptions(
      sharedView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>()(view),
      sharedView<EbsLaunchFields>()(view),
    ),
    ami: readAmiOptions(view),
  };
}

/** A session on the emulator: EC2 through the proxy, IAM through it too, fast polling. */
export function emulatorSession(endpoint: string, region: string): AwsSession {
  const base = createAwsSession(
    {
      region,
      accessKey: 'test',
      secretKey: 'test',
      token: '',
      profile: '',
      customEndpointEc2: endpoint,
      maxRetries: 3,
    },
    { delayMs: 200, maxAttempts: 100 },
  );
  const iam = new IAMClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    region: base.region,
    customEndpointEc2: base.customEndpointEc2,
    polling: base.polling,
    ec2: (r) => base.ec2(r),
    iam: () => iam,
    sts: () => base.sts(),
    ssm: () => base.ssm(),
    secretsManager: () => base.secretsManager(),
    destroy: () => {
      base.destroy();
      iam.destroy();
    },
  };
}

export function cleanupContext(ctx: StepContext): StepCleanupContext {
  return { ...ctx, outcome: 'success' };
}
