import type { ConfigView } from '../../../schema/types';
import type { ACCESS_CONFIG_FIELDS } from '../access-config';
import type { PollingOptions } from '../aws/polling';

export type { PollingOptions } from '../aws/polling';

/** `aws_polling`, else the AWS_POLL_DELAY_SECONDS / AWS_MAX_ATTEMPTS / AWS_TIMEOUT_SECONDS variables. */
export function readPollingOptions(
  _view: ConfigView<typeof ACCESS_CONFIG_FIELDS>,
  _env: NodeJS.ProcessEnv,
): PollingOptions {
  // Completed by the access work (issue 15): Packer's precedence.
  return {};
}
