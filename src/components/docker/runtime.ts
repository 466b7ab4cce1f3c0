import type { RuntimeSet } from '../../sdk/runtimes';
import { DOCKER_BUILDER } from './builder-runtime';
import { DOCKER_POST_PROCESSOR_RUNTIMES } from './post-processor-runtimes';

export const DOCKER_RUNTIMES: RuntimeSet = {
  builders: [DOCKER_BUILDER],
  postProcessors: DOCKER_POST_PROCESSOR_RUNTIMES,
};
