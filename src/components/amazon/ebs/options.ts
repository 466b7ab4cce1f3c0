import { sharedView } from '../../../schema/shared-view';
import type { ACCESS_CONFIG_FIELDS } from '../access-config';
import type { AmazonEbsView } from '../ebs-schema';
import type { RUN_CONFIG_FIELDS } from '../run-config';
import type { WithCommunicator } from '../../../schema/communicator';
import { type AccessOptions, readAccessOptions } from '../options/access';
import { type AmiOptions, readAmiOptions } from '../options/ami';
import { type EbsLaunchFields, type RunOptions, readRunOptions } from '../options/run';
import { type PollingOptions, readPollingOptions } from '../options/polling';

/** amazon-ebs's options, read from the decoded configuration once; the steps never read it. */
export interface AmazonEbsOptions {
  readonly access: AccessOptions;
  readonly polling: PollingOptions;
  readonly run: RunOptions;
  readonly ami: AmiOptions;
}

export function readAmazonEbsOptions(
  view: AmazonEbsView,
  env: NodeJS.ProcessEnv = process.env,
): AmazonEbsOptions {
  const access = sharedView<typeof ACCESS_CONFIG_FIELDS>()(view);
  return {
    access: readAccessOptions(access, env),
    polling: readPollingOptions(access, env),
    run: readRunOptions(
      sharedView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>()(view),
      sharedView<EbsLaunchFields>()(view),
    ),
    ami: readAmiOptions(view),
  };
}
