import type { PostProcessorRuntime } from '../../engine/types';
import type { RuntimeSet } from '../../sdk/runtimes';
import type { SHELL_LOCAL_FIELDS } from './shell-local-config';
import { ARTIFICE, CHECKSUM } from './checksum-runtime';
import { COMPRESS } from './compress-runtime';
import { MANIFEST } from './manifest-runtime';
import { runShellLocal } from './shell-local-runtime';

/** The shell-local post-processor: the same scripts as the provisioner, once per artifact. */
const SHELL_LOCAL: PostProcessorRuntime<typeof SHELL_LOCAL_FIELDS> = {
  type: 'shell-local',
  async postProcess(config, input, ctx) {
    await runShellLocal(config.view, 'post-processor', ctx, {});
    return { artifact: input, keepInput: true, forceOverride: false };
  },
};

export const CORE_POST_PROCESSOR_RUNTIMES: RuntimeSet = {
  postProcessors: [MANIFEST, SHELL_LOCAL, CHECKSUM, ARTIFICE, COMPRESS],
};
