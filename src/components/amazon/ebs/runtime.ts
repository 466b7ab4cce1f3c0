import type { BuilderRuntime } from '../../../engine/types';
import { loadLazyBundle } from '../../../lazy-bundles';
import type { WithCommunicator } from '../../../schema/communicator';
import { runBuilderSteps } from '../../../sdk/steps/run-builder-steps';
import type { AMAZON_EBS_FIELDS } from '../ebs-schema';
import type * as AwsLazy from '../lazy';

/**
 * The amazon-ebs runtime as the registry holds it: the AWS SDK and the steps that use it are in the
 * aws-ec2 bundle, loaded when a build starts; the engine's step runner, on this side, runs them.
 */
export const AMAZON_EBS_RUNTIME: BuilderRuntime<WithCommunicator<typeof AMAZON_EBS_FIELDS>> = {
  type: 'amazon-ebs',
  async run(config, ctx, provision) {
    const build = loadLazyBundle<typeof AwsLazy>('aws-ec2').prepareAmazonEbs(config.view);
    try {
      return await runBuilderSteps(build.steps(provision), ctx);
    } finally {
      build.close();
    }
  },
};
