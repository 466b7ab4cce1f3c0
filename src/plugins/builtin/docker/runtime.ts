import type { RuntimeSet } from '../../runtimes';
import { DOCKER_BUILDER } from './builder-runtime';

export const DOCKER_RUNTIMES: RuntimeSet = { builders: [DOCKER_BUILDER] };
