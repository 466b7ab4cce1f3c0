import { sleep } from '../../engine/abort';
import type { ProvisionerRuntime } from '../../engine/types';
import type { RuntimeSet } from '../../sdk/runtimes';
import type { SLEEP_FIELDS } from './provisioners';
import type { SHELL_LOCAL_FIELDS } from './shell-local-config';
import { BREAKPOINT_PROVISIONER, FILE_PROVISIONER } from './file-provisioner-runtime';
import { runShellLocal } from './shell-local-runtime';
import { SHELL_PROVISIONER } from './shell-runtime';

const SHELL_LOCAL: ProvisionerRuntime<typeof SHELL_LOCAL_FIELDS> = {
  type: 'shell-local',
  provision: (config, ctx) => runShellLocal(config.view, 'provisioner', ctx, ctx.generated),
};

/** `sleep`: waits `duration`, silently, as Packer's; an interrupt ends the wait. */
const SLEEP: ProvisionerRuntime<typeof SLEEP_FIELDS> = {
  type: 'sleep',
  provision: (config, ctx) => sleep(config.view.duration('duration') ?? 0, ctx.signal),
};

export const CORE_PROVISIONER_RUNTIMES: RuntimeSet = {
  provisioners: [SHELL_PROVISIONER, SHELL_LOCAL, FILE_PROVISIONER, BREAKPOINT_PROVISIONER, SLEEP],
};
