import { sleep } from '../../engine/abort';
import type { ProvisionerRuntime } from '../../engine/types';
import { runShellLocal } from './shell-local-runtime';

export const SHELL_LOCAL_PROVISIONER: ProvisionerRuntime = {
  type: 'shell-local',
  provision: (config, ctx) => runShellLocal(config.view, 'provisioner', ctx, ctx.generated),
};

/** `sleep`: waits `duration`, silently, as Packer's; an interrupt ends the wait. */
export const SLEEP_PROVISIONER: ProvisionerRuntime = {
  type: 'sleep',
  provision: (config, ctx) => sleep(config.view.duration('duration') ?? 0, ctx.signal),
};
