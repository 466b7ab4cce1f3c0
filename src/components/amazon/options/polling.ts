import type { ConfigView } from '../../../schema/types';
import type { ACCESS_CONFIG_FIELDS } from '../access-config';
import { type AwsPollingConfig, type PollingOptions, derivePolling } from '../aws/polling';

export type { PollingOptions } from '../aws/polling';

/** `aws_polling` as written (unset and 0 both mean "not set"). */
export function readAwsPollingConfig(view: ConfigView<typeof ACCESS_CONFIG_FIELDS>): AwsPollingConfig {
  const block = view.blocks('aws_polling')[0];
  if (block === undefined) return {};
  return { delaySeconds: block.number('delay_seconds'), maxAttempts: block.number('max_attempts') };
}

/** `aws_polling`, else the AWS_POLL_DELAY_SECONDS / AWS_MAX_ATTEMPTS / AWS_TIMEOUT_SECONDS variables. */
export function readPollingOptions(
  view: ConfigView<typeof ACCESS_CONFIG_FIELDS>,
  env: NodeJS.ProcessEnv,
): PollingOptions {
  return derivePolling(readAwsPollingConfig(view), env);
}
