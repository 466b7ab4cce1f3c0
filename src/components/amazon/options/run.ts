import type { ConfigView } from '../../../schema/types';
import type { WithCommunicator } from '../../../schema/communicator';
import type { RUN_CONFIG_FIELDS } from '../run-config';

/**
 * The run configuration (packer-plugin-amazon common/run_config.go) read once: how the build
 * instance is found a source AMI, placed, reached and launched.
 */
// Filled in by the launch steps' work (issue 15).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RunOptions {}

export function readRunOptions(_view: ConfigView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>): RunOptions {
  return {};
}
