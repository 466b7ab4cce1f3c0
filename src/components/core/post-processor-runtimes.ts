import type { PostProcessorRuntime } from '../../engine/types';
import { runShellLocal } from './shell-local-runtime';

/** The shell-local post-processor: the same scripts as the provisioner, once per artifact. */
export const SHELL_LOCAL_POST_PROCESSOR: PostProcessorRuntime = {
  type: 'shell-local',
  async postProcess(config, input, ctx) {
    await runShellLocal(config.view, 'post-processor', ctx, {});
    return { artifact: input, keepInput: true, forceOverride: false };
  },
};
