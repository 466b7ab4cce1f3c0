import type { PostProcessorRuntime } from '../../engine/types';
import type { SHELL_LOCAL_FIELDS } from './shell-local-config';
import { runShellLocal } from './shell-local-runtime';

/** The shell-local post-processor: the same scripts as the provisioner, once per artifact. */
export const SHELL_LOCAL_POST_PROCESSOR: PostProcessorRuntime<typeof SHELL_LOCAL_FIELDS> = {
  type: 'shell-local',
  async postProcess(config, input, ctx) {
    await runShellLocal(config.view, 'post-processor', ctx, {});
    return { artifact: input, keepInput: true, forceOverride: false };
  },
};
