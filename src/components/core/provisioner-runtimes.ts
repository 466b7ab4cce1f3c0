import { sleep } from '../../engine/abort';
import type { ProvisionerRuntime } from '../../engine/types';
import type { SLEEP_FIELDS } from './provisioners';
import type { SHELL_LOCAL_FIELDS } from './shell-local-config';
import { runShellLocal } from './shell-local-runtime';

export const SHELL_LOCAL_PROVISIONER: ProvisionerRuntime<typeof SHELL_LOCAL_FIELDS> = {
  type: 'shell-local',
  provision: (config, ctx) => runShellLocal(config.view, 'provisioner', ctx, ctx.generated),
};

/** `sleep`: waits `duration`, silently, as Packer's; an interrupt ends the wait. */
export const SLEEP_PROVISIONER: ProvisionerRuntime<typeof SLEEP_FIELDS> = {
  type: 'sleep',
  provision: (config, ctx) => sleep(config.view.duration('duration') ?? 0, ctx.signal),
};
